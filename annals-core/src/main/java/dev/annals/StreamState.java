package dev.annals;

/**
 * What a store knows of one stream's life, including what reads no longer show: the version of
 * the last event ever written to it, where its soft delete and its truncation left it, and
 * whether it was deleted for good. The visibility rules of deleted and truncated streams are
 * these methods, used by every backend.
 *
 * @param lastVersion the version of the last event written, -1 when none was ever written (or, for a
 *     stream deleted for good, when the store no longer knows it)
 * @param deletedBefore the versions below it were soft-deleted (0: never deleted); a stream
 *     written again after a soft delete starts there
 * @param truncatedBefore the events below it were removed by a truncation (0: never truncated)
 * @param hardDeleted whether the stream was deleted for good and can never be written again
 */
public record StreamState(long lastVersion, long deletedBefore, long truncatedBefore, boolean hardDeleted) {

    /** A stream that was never written, deleted or truncated. */
    public static final StreamState NEW = new StreamState(-1, 0, 0, false);

    public StreamState {
        InvalidArgumentException.require(lastVersion >= -1, () -> "last version must be >= -1, was " + lastVersion);
        InvalidArgumentException.require(deletedBefore >= 0 && truncatedBefore >= 0,
                () -> "deletedBefore and truncatedBefore must be >= 0, were " + deletedBefore + " and " + truncatedBefore);
    }

    /**
     * The state of a stream as a backend stores it: the version of its last stored event and the marks of its
     * deletes and truncation. The last version is never below the version just before a mark
     * ({@code deletedBefore - 1}, {@code truncatedBefore - 1}): a mark below V says that an event at V - 1 was
     * written, also when no event of the stream is stored any more, or none yet (a stream whose state a copy
     * recorded before its remaining events, see {@link dev.annals.spi.StreamRemoval#restoreStreamState}).
     * Every backend makes the state its appends decide against here, so that versions continue after the marks.
     *
     * @param lastStoredVersion the version of the last event stored, -1 when none is
     */
    public static StreamState stored(long lastStoredVersion, long deletedBefore, long truncatedBefore, boolean hardDeleted) {
        long last = Math.max(lastStoredVersion, Math.max(deletedBefore, truncatedBefore) - 1);
        return new StreamState(last, deletedBefore, truncatedBefore, hardDeleted);
    }

    /** Whether the stream was ever deleted or truncated: what a copy of the store must carry beyond its events. */
    public boolean removed() {
        return hardDeleted || deletedBefore > 0 || truncatedBefore > 0;
    }

    /** A stream that was never deleted or truncated, with its last version. */
    public static StreamState of(long lastVersion) {
        return lastVersion < 0 ? NEW : new StreamState(lastVersion, 0, 0, false);
    }

    /** Whether the stream reads as present: it has an event that was neither deleted nor removed. */
    public boolean exists() {
        return !hardDeleted && lastVersion >= firstVersion();
    }

    /** The version reads and version checks see: the last version, or -1 when the stream reads as absent. */
    public long visibleVersion() {
        return exists() ? lastVersion : -1;
    }

    /** The version of the first event a read returns: events below it were deleted or removed. */
    public long firstVersion() {
        return Math.max(deletedBefore, truncatedBefore);
    }

    /** The version the next appended event gets: versions continue after a soft delete, never restart. */
    public long nextVersion() {
        return lastVersion + 1;
    }

    /**
     * Whether the present life of the stream lost its beginning to a truncation: a replay from before
     * {@link #truncatedBefore()} would miss events (a stream that only starts after a soft delete
     * lost nothing of its present life).
     */
    public boolean truncated() {
        return truncatedBefore > deletedBefore;
    }
}
