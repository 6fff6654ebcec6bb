package dev.annals.testkit.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The snapshot state of {@link TestAggregate}; also the state type the snapshot suites store.
 * Its components cover the kinds of values a real state holds (text, numbers, a list, an enum,
 * a time, a UUID, a nested record).
 */
public record TestState(
        String name, long total, int changes, List<String> names, Phase phase, Instant updatedAt, UUID ref, Note note) {

    /** The state of a counter that has seen no event. */
    public static final TestState EMPTY =
            new TestState("", 0, 0, List.of(), Phase.NEW, Instant.EPOCH, new UUID(0, 0), new Note("", 0));

    public TestState {
        names = List.copyOf(names);
    }

    /** Where the counter is in its life. */
    public enum Phase { NEW, OPEN, RENAMED }

    /** A nested value, so that states are more than flat records. */
    public record Note(String text, int weight) {
    }
}
