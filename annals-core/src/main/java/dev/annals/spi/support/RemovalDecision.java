package dev.annals.spi.support;

import dev.annals.DeleteMode;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StreamDeletedException;
import dev.annals.StreamState;
import dev.annals.TruncationRefusedException;
import java.util.OptionalLong;

/**
 * The one decision every backend makes for a delete or a truncation of a stream, inside the
 * transaction that would write it and serialized with the appends to the stream.
 *
 * <p><b>Delete.</b> A stream deleted for good is refused ({@link StreamDeletedException}). The expected
 * version is checked as an append checks it, against what reads see ({@link StreamState#visibleVersion()}:
 * -1 for an absent or soft-deleted stream): a mismatch is an {@link EventStoreConflictException}. A soft
 * delete of a stream that reads as absent changes nothing; a hard delete always marks the stream (so a
 * stream can be closed for good before it was ever written).
 *
 * <p><b>Truncate.</b> Refused ({@link TruncationRefusedException}) for a stream that reads as absent,
 * before a version above its last one (its last event always stays), and without a snapshot at or after
 * the version (the aggregate could not be loaded otherwise). A version at or below the first one that
 * reads already changes nothing.
 *
 * <p><b>Restore.</b> A copy of a store records a stream's marks as the source has them
 * ({@link dev.annals.spi.StreamRemoval#restoreStreamState}); it removes nothing, so the events the store holds
 * of the stream must fit them: none for a hard delete, none below a truncation, none after the state's last
 * version. A stream deleted for good here keeps its mark.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemovalDecision {

    private RemovalDecision() {
    }

    /**
     * Decides a delete.
     *
     * @return whether the backend writes it: false when a soft delete finds nothing to delete
     * @throws StreamDeletedException when the stream was deleted for good
     * @throws EventStoreConflictException when the expected version does not match
     */
    public static boolean decideDelete(String stream, StreamState state, long expectedVersion, DeleteMode mode) {
        if (state.hardDeleted()) {
            throw new StreamDeletedException(stream, "delete");
        }
        if (expectedVersion != dev.annals.spi.AppendRequest.ANY && expectedVersion != state.visibleVersion()) {
            throw new EventStoreConflictException(stream, expectedVersion, state.visibleVersion());
        }
        return mode == DeleteMode.HARD || state.exists();
    }

    /**
     * The state a soft delete leaves: every version written so far is deleted, later appends continue after them.
     */
    public static StreamState softDeleted(StreamState state) {
        return new StreamState(state.lastVersion(), state.nextVersion(), state.truncatedBefore(), false);
    }

    /**
     * Decides a truncation.
     *
     * @param newestSnapshot the version of the stream's newest stored snapshot, empty when it has none
     * @return whether the backend removes events: false when none lies below {@code beforeVersion} any more
     * @throws StreamDeletedException when the stream was deleted for good
     * @throws TruncationRefusedException when the truncation is refused, with the reason
     */
    public static boolean decideTruncate(String stream, StreamState state, long beforeVersion, OptionalLong newestSnapshot) {
        if (state.hardDeleted()) {
            throw new StreamDeletedException(stream, "truncate");
        }
        if (!state.exists()) {
            throw new TruncationRefusedException(stream, beforeVersion, "the stream does not exist (or was deleted)");
        }
        if (beforeVersion > state.lastVersion()) {
            throw new TruncationRefusedException(stream, beforeVersion, "its last version is " + state.lastVersion()
                    + ", and a truncation keeps at least the last event");
        }
        if (beforeVersion <= state.firstVersion()) {
            return false;
        }
        if (newestSnapshot.isEmpty() || newestSnapshot.getAsLong() < beforeVersion) {
            throw new TruncationRefusedException(stream, beforeVersion, "it has no snapshot at or after version " + beforeVersion
                    + (newestSnapshot.isEmpty() ? " (it has none)" : " (the newest is at version " + newestSnapshot.getAsLong() + ")")
                    + "; save one first, so that the aggregate can still be loaded");
        }
        return true;
    }

    /**
     * Decides the recording of a copied stream's marks.
     *
     * @param held the stream's state here, as {@link StreamState#stored} makes it
     * @param firstStored the version of the stream's first stored event here, empty when it has none
     * @param restored the state to record
     * @return whether the backend writes the marks: false when the stream has them already
     * @throws StreamDeletedException when the stream was deleted for good here and the state does not say so
     * @throws InvalidArgumentException when the events held here do not fit the state
     */
    public static boolean decideRestore(String stream, StreamState held, OptionalLong firstStored, StreamState restored) {
        if (held.hardDeleted()) {
            if (restored.hardDeleted()) {
                return false;
            }
            throw new StreamDeletedException(stream, "record the copied state of");
        }
        if (held.deletedBefore() == restored.deletedBefore() && held.truncatedBefore() == restored.truncatedBefore()
                && !restored.hardDeleted()) {
            return false;
        }
        String shown = Limits.shown(stream);
        InvalidArgumentException.require(!restored.hardDeleted() || firstStored.isEmpty(),
                () -> "stream " + shown + " holds events here, so it cannot be recorded as deleted for good");
        InvalidArgumentException.require(firstStored.isEmpty() || firstStored.getAsLong() >= restored.truncatedBefore(),
                () -> "stream " + shown + " holds events here from version " + firstStored.getAsLong()
                        + ", below the recorded truncation before " + restored.truncatedBefore());
        InvalidArgumentException.require(held.lastVersion() <= restored.lastVersion() || restored.hardDeleted(),
                () -> "stream " + shown + " is at version " + held.lastVersion() + " here, after the recorded last version "
                        + restored.lastVersion());
        return true;
    }

    /** The state a truncation before {@code beforeVersion} leaves. */
    public static StreamState truncated(StreamState state, long beforeVersion) {
        return new StreamState(state.lastVersion(), state.deletedBefore(), beforeVersion, false);
    }
}
