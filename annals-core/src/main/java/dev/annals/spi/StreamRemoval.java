package dev.annals.spi;

import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.UnsupportedCapabilityException;

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
     * stream's state, read in the same query or snapshot where the backend can: the page query of a
     * backend that removes streams, so that a page costs what it costs without removals.
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
}
