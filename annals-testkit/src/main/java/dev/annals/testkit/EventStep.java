package dev.annals.testkit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** One operation of a random event-store session, run against the store and against {@link EventStoreModel}. */
sealed interface EventStep {

    /** How the expected version of an append relates to the stream's real version. */
    enum Expectation { CURRENT, NO_STREAM, ANY, STALE, AHEAD }

    /** Appends {@code count} new events. */
    record Append(int stream, Expectation expectation, int count) implements EventStep {
    }

    /** Re-sends the last successful non-empty append to the stream, unchanged. */
    record Retry(int stream) implements EventStep {
    }

    /** Loads the events after {@code fromVersion}. */
    record Load(int stream, long fromVersion) implements EventStep {
    }

    /** Asks the current version. */
    record Version(int stream) implements EventStep {
    }

    int STREAMS = 3;

    static Arbitrary<EventStep> any() {
        Arbitrary<Integer> stream = Arbitraries.integers().between(0, STREAMS - 1);
        Arbitrary<EventStep> append = net.jqwik.api.Combinators.combine(stream,
                Arbitraries.of(Expectation.class).edgeCases(c -> c.includeOnly(Expectation.CURRENT)),
                Arbitraries.integers().between(0, 3)).as(Append::new);
        Arbitrary<EventStep> retry = stream.map(Retry::new);
        Arbitrary<EventStep> load = net.jqwik.api.Combinators.combine(stream, Arbitraries.longs().between(-3, 8)).as(Load::new);
        Arbitrary<EventStep> version = stream.map(Version::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, append), net.jqwik.api.Tuple.of(1, retry),
                net.jqwik.api.Tuple.of(3, load), net.jqwik.api.Tuple.of(2, version));
    }
}
