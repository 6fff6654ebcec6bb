package dev.annals.instrumentation;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;

/** How an observed operation ended; the one place where results and exceptions are sorted into outcomes. */
public enum Outcome {
    /** Done: events written or read. */
    OK,
    /** An append refused by its expected version. */
    CONFLICT,
    /** An append refused because an event id belongs to a different event ({@link DuplicateEventIdException}). */
    DUPLICATE,
    /** An append recognized as a retry of an earlier one: nothing written, the earlier outcome returned. */
    RETRY,
    /** Failed for any other reason. */
    ERROR,
    /** An append whose outcome is unknown ({@link AppendOutcomeUnknownException}): it may or may not be stored. */
    UNKNOWN;

    /** The outcome of an append that returned. */
    public static Outcome of(AppendResult result) {
        return result.duplicate() ? RETRY : OK;
    }

    /** The outcome of an operation that threw {@code failure}. */
    public static Outcome of(Throwable failure) {
        if (failure instanceof EventStoreConflictException || failure instanceof MultiStreamConflictException) {
            return CONFLICT;
        }
        if (failure instanceof DuplicateEventIdException) {
            return DUPLICATE;
        }
        if (failure instanceof AppendOutcomeUnknownException) {
            return UNKNOWN;
        }
        return ERROR;
    }

    /** The lower-case name used as a tag value ({@code ok}, {@code conflict}, …). */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
