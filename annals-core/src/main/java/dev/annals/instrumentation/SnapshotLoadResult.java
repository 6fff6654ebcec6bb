package dev.annals.instrumentation;

import dev.annals.FallbackReason;

/**
 * What a repository load did with snapshots: one of {@link #HIT}, {@link #NONE} or {@link #FULL_REPLAY} per
 * load, and one of the other values per snapshot it had to skip first.
 */
public enum SnapshotLoadResult {
    /** The load started from a snapshot. */
    HIT,
    /** The aggregate had no snapshot: the stream was replayed from its start. */
    NONE,
    /** A snapshot was skipped: its hash did not match. */
    INTEGRITY_FAILED,
    /** A snapshot was skipped: it was written for another shape of the state type. */
    SCHEMA_MISMATCH,
    /** A snapshot was skipped: its state could not be read. */
    UNREADABLE_STATE,
    /** Snapshots were kept but none could be used: the stream was replayed from its start. */
    FULL_REPLAY;

    /** The result that a skipped snapshot's reason stands for. */
    public static SnapshotLoadResult of(FallbackReason reason) {
        return switch (reason) {
            case INTEGRITY_FAILED -> INTEGRITY_FAILED;
            case SCHEMA_MISMATCH -> SCHEMA_MISMATCH;
            case UNREADABLE_STATE -> UNREADABLE_STATE;
            case FULL_REPLAY -> FULL_REPLAY;
        };
    }

    /** The lower-case name used as a tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
