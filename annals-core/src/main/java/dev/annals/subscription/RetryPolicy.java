package dev.annals.subscription;

import dev.annals.InvalidArgumentException;
import java.time.Duration;

/**
 * How often a handler is tried on an event on its own before the event is parked, and how long to
 * wait in between: {@code initialBackoff}, doubling up to {@code maxBackoff}. Default: 5 tries,
 * 100 ms to 5 s. When a batch fails, its events are tried one by one, each by this policy, so the
 * event that failed the batch was also tried once in it.
 */
public record RetryPolicy(int tries, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(5));

    public RetryPolicy {
        InvalidArgumentException.require(tries >= 1, "tries must be >= 1, was " + tries);
        InvalidArgumentException.requireNonNull(initialBackoff, "initial backoff");
        InvalidArgumentException.requireNonNull(maxBackoff, "max backoff");
        InvalidArgumentException.require(!initialBackoff.isNegative() && maxBackoff.compareTo(initialBackoff) >= 0,
                "backoffs must be >= 0 and max >= initial");
    }

    /** The wait before try {@code attempt} (2 is the first retry). */
    Duration backoffBefore(int attempt) {
        long nanos = initialBackoff.toNanos();
        for (int i = 2; i < attempt && nanos < maxBackoff.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
    }
}
