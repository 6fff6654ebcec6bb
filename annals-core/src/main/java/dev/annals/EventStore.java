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

    /**
     * Soft-deletes the aggregate's stream; see {@link #deleteStream(Object, long, DeleteMode)}.
     */
    default void deleteStream(ID aggregateId, long expectedVersion) {
        deleteStream(aggregateId, expectedVersion, DeleteMode.SOFT);
    }

    /**
     * Deletes the aggregate's stream, atomically with respect to appends. {@code expectedVersion} is
     * checked as {@link #append} checks it ({@link EventStoreConflictException} when stale; nothing is
     * deleted). {@link DeleteMode#SOFT}: the stream reads as absent and its snapshots are removed, its
     * events stay in the global log, and an append with {@link #NO_STREAM} or {@link #ANY} starts it
     * again at the version after its deleted last one. {@link DeleteMode#HARD}: its events and
     * snapshots are removed, the global log keeps a hole, and any later write to the stream is a
     * {@link StreamDeletedException}. No event is written for a delete.
     *
     * @throws UnsupportedCapabilityException where the backend cannot delete streams
     */
    default void deleteStream(ID aggregateId, long expectedVersion, DeleteMode mode) {
        throw new UnsupportedCapabilityException(dev.annals.spi.Capability.DELETE_STREAMS, toString());
    }

    /**
     * Removes the aggregate's events with a version below {@code version} (from its stream and the
     * global log), atomically with respect to appends; the version and the later events are unchanged.
     * Refused with {@link TruncationRefusedException}, removing nothing, unless a snapshot at
     * {@code version} or later is stored (so the aggregate can still be loaded) and the stream's last
     * event stays. <b>Warning:</b> if that snapshot later becomes unusable, a repository load fails
     * with {@link StreamTruncatedException} rather than replay a partial stream.
     *
     * @throws UnsupportedCapabilityException where the backend cannot truncate streams
     */
    default void truncateBefore(ID aggregateId, long version) {
        throw new UnsupportedCapabilityException(dev.annals.spi.Capability.TRUNCATE_STREAMS, toString());
    }

    /**
     * What the store keeps of the aggregate's stream, including what reads no longer show (a soft
     * delete, a truncation); a store that deletes nothing answers from {@link #getCurrentVersion}.
     */
    default StreamState streamState(ID aggregateId) {
        return StreamState.of(getCurrentVersion(aggregateId).orElse(-1));
    }
}
