package dev.annals;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The event streams of one aggregate type. Versions are 0-based: a stream of n events has
 * version n-1; a stream that does not exist has no version and counts as -1 when checked.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <ID> the aggregate id type
 * @param <E> the base type of the aggregate's events
 */
public interface EventStore<ID, E> {

    /** Expected version of a stream that must not exist yet. */
    long NO_STREAM = -1;

    /** Expected version that skips the check. */
    long ANY = -2;

    /**
     * Appends events atomically, all or nothing, with caller-given ids and metadata.
     * {@code expectedVersion} is the exact current version, {@link #NO_STREAM}, or {@link #ANY}; a
     * mismatch throws {@link EventStoreConflictException} and writes nothing. An empty list writes
     * nothing but is still checked. Re-sending an append that was already written (same event ids)
     * succeeds without writing it twice; an id reused for anything else is a
     * {@link DuplicateEventIdException}.
     */
    AppendResult append(ID aggregateId, long expectedVersion, List<? extends EventData<? extends E>> events);

    /** Appends events with new ids and no metadata; see {@link #append}. */
    default AppendResult appendEvents(ID aggregateId, long expectedVersion, List<? extends E> events) {
        InvalidArgumentException.requireNonNull(events, "events");
        List<EventData<E>> data = new ArrayList<>(events.size());
        for (E event : events) {
            data.add(EventData.of(InvalidArgumentException.requireNonNull(event, "event")));
        }
        return append(aggregateId, expectedVersion, data);
    }

    /**
     * The events with version greater than {@code afterVersion} (exclusive; all of them when it is
     * negative), in order, read lazily: a stream of millions of events is never held in memory at once.
     * <b>Warning:</b> close the returned stream (try-with-resources).
     */
    Stream<RecordedEvent<E>> readStream(ID aggregateId, long afterVersion);

    /** All events of the aggregate in order; empty for an unknown aggregate. The list is a fresh copy. */
    default List<E> loadEvents(ID aggregateId) {
        return loadEvents(aggregateId, -1);
    }

    /**
     * The events with version greater than {@code afterVersion} (exclusive; negative gives all),
     * in order. The list is a fresh copy.
     */
    default List<E> loadEvents(ID aggregateId, long afterVersion) {
        try (Stream<RecordedEvent<E>> events = readStream(aggregateId, afterVersion)) {
            return events.map(RecordedEvent::event).collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** The version of the aggregate's last event; empty when the stream does not exist. */
    OptionalLong getCurrentVersion(ID aggregateId);
}
