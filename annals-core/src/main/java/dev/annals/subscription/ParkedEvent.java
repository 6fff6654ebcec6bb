package dev.annals.subscription;

import dev.annals.InvalidArgumentException;
import java.time.Instant;
import java.util.UUID;

/**
 * An event a subscription gave up on after its last try, kept with the reason.
 *
 * @param error the last error, cut to a readable length
 * @param attempts how many times the handler tried it
 * @param retryRequested an operator asked the running instance to try it again
 */
public record ParkedEvent(String subscription, int partition, long position, UUID eventId, String stream, String error,
        int attempts, Instant parkedAt, boolean retryRequested) {

    /** The longest error text kept. */
    public static final int MAX_ERROR_CHARS = 2000;

    public ParkedEvent {
        InvalidArgumentException.requireNonNull(subscription, "subscription");
        InvalidArgumentException.requireNonNull(eventId, "event id");
        InvalidArgumentException.requireNonNull(stream, "stream");
        InvalidArgumentException.requireNonNull(error, "error");
        InvalidArgumentException.requireNonNull(parkedAt, "parkedAt");
        error = error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "…";
    }
}
