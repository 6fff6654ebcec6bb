package dev.annals.testkit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** One operation of a random snapshot-store session, run against the store and against {@link SnapshotStoreModel}. */
sealed interface SnapshotStep {

    /** Saves a snapshot at {@code version} with a state from {@code seed}. */
    record Save(int aggregate, long version, int seed) implements SnapshotStep {
    }

    /** Reads the newest snapshot. */
    record Latest(int aggregate) implements SnapshotStep {
    }

    /** Reads the newest kept snapshot at or before {@code version}. */
    record AtOrBefore(int aggregate, long version) implements SnapshotStep {
    }

    /** Removes every snapshot of the aggregate. */
    record Clear(int aggregate) implements SnapshotStep {
    }

    int AGGREGATES = 2;

    static Arbitrary<SnapshotStep> any() {
        Arbitrary<Integer> aggregate = Arbitraries.integers().between(0, AGGREGATES - 1);
        Arbitrary<Long> version = Arbitraries.longs().between(0, 8);
        Arbitrary<SnapshotStep> save = Combinators.combine(aggregate, version, Arbitraries.integers().between(0, 1000)).as(Save::new);
        Arbitrary<SnapshotStep> latest = aggregate.map(Latest::new);
        Arbitrary<SnapshotStep> atOrBefore = Combinators.combine(aggregate, Arbitraries.longs().between(-1, 9)).as(AtOrBefore::new);
        Arbitrary<SnapshotStep> clear = aggregate.map(Clear::new);
        return Arbitraries.frequencyOf(Tuple.of(6, save), Tuple.of(3, latest), Tuple.of(3, atOrBefore), Tuple.of(1, clear));
    }
}
