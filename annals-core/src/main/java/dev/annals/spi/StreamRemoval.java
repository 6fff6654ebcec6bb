package dev.annals.spi;

import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.UnsupportedCapabilityException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The role of a backend that deletes and truncates streams ({@link Capability#DELETE_STREAMS},
 * {@link Capability#TRUNCATE_STREAMS}). The backend stores and applies; every decision (the
 * expected-version check, what a deleted or truncated stream reads as, where versions continue, when
 * a truncation is refused) is {@link dev.annals.spi.support.RemovalDecision}'s and
 * {@link StreamState}'s, and the reads of deleted and truncated streams are bounded in front of the
 * backend by {@code Annals}.
 *
 * <p>A backend with this role also keeps, for every append: a hard-deleted stream is refused, the
 * expected version is checked against {@link StreamState#visibleVersion()}, and events are written
 * from {@link StreamState#nextVersion()} ({@link dev.annals.spi.support.AppendDecision#decide(AppendRequest,
 * StreamState, dev.annals.spi.support.AppendDecision.Lookup)}).
 *
 * <p>Arguments arrive checked (see {@link StorageBackend}); implementations are thread-safe.
 */
public interface StreamRemoval {

    /**
     * What the store keeps of {@code stream}'s life, including what reads no longer show;
     * {@link StreamState#NEW} for a stream it never knew.
     */
    default StreamState streamState(String stream) {
        throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, toString());
    }

    /**
     * Up to {@code limit} events of {@code stream} after {@code afterVersion}, as
     * {@link EventStorage#readStream} reads them (soft-deleted events included), together with the
     * stream's state, read with the events (in the same query where the backend can, so that a page
     * costs one round trip on a server) or after them, never before: the caller applies the state to
     * the page, and a state older than the page could show as visible the events of a later delete.
     * The page query of a backend that removes streams.
     */
    default StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, toString());
    }

    /**
     * Deletes {@code stream} atomically, serialized with the appends to it: reads its state, asks
     * {@link dev.annals.spi.support.RemovalDecision#decideDelete} (which checks
     * {@code expectedVersion} as an append does), then, for {@link DeleteMode#SOFT}, records that the
     * versions up to the last one are deleted and removes the snapshots; for {@link DeleteMode#HARD},
     * removes the events and snapshots and records that the stream can never be written again.
     * Positions of removed events are never given again.
     */
    default void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, toString());
    }

    /**
     * Removes the events of {@code stream} with a version below {@code beforeVersion} (from the
     * stream and the global log) atomically, serialized with the appends to it, once
     * {@link dev.annals.spi.support.RemovalDecision#decideTruncate} allows it against the stream's
     * state and the version of its newest snapshot.
     */
    default void truncateBefore(String stream, long beforeVersion) {
        throw new UnsupportedCapabilityException(Capability.TRUNCATE_STREAMS, toString());
    }

    /**
     * Up to {@code limit} streams that were deleted or truncated ({@link StreamState#removed()}), ordered by
     * name, after {@code afterStream} (null: from the first): what a copy of the store carries beyond its
     * events. Each with its state as {@link #streamState} gives it.
     */
    default List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, toString());
    }

    /**
     * Records {@code state}'s marks (its soft delete, truncation and hard delete) as {@code stream}'s, as a copy
     * found them in another store, atomically and serialized with the appends to it. Nothing is removed: the
     * events of the stream this store holds must already be what the state keeps, and the marks say where its
     * versions continue also when it holds none ({@link StreamState#stored}), so that the remaining events of a
     * truncated stream are then appended with {@link AppendRequest#NO_STREAM} at their own versions. Whether it
     * may is {@link dev.annals.spi.support.RemovalDecision#decideRestore}'s; recording the marks a stream has
     * already changes nothing. The backend declares {@link Capability#DELETE_STREAMS} for soft and hard deletes
     * and {@link Capability#TRUNCATE_STREAMS} for truncations.
     *
     * @throws dev.annals.InvalidArgumentException when the stream's events here do not fit the state; nothing is written
     * @throws dev.annals.StreamDeletedException when the stream was deleted for good here with other marks
     */
    default void restoreStreamState(String stream, StreamState state) {
        throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, toString());
    }
}
