package dev.annals;

/** Why a load could not use a stored snapshot. */
public enum FallbackReason {
    /** The snapshot's hash did not match: it was altered or corrupted. */
    INTEGRITY_FAILED,
    /** The snapshot was written for another shape of the state type. */
    SCHEMA_MISMATCH,
    /** The snapshot's state could not be read into the state type. */
    UNREADABLE_STATE,
    /** No usable snapshot was left, so the whole stream was replayed. */
    FULL_REPLAY
}
