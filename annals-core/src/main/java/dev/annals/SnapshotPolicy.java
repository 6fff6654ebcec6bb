package dev.annals;

import java.time.Duration;

/**
 * Decides, after each save, whether the repository takes a snapshot. Policies combine with
 * {@link #or} and {@link #and}. Implementations must be thread-safe and side-effect free.
 */
@FunctionalInterface
public interface SnapshotPolicy {

    boolean shouldSnapshot(SnapshotContext context);

    /** 100 events or 1 hour since the last snapshot, whichever comes first. */
    static SnapshotPolicy defaultPolicy() {
        return everyEvents(100).or(every(Duration.ofHours(1)));
    }

    /** When at least {@code n} events were stored since the last snapshot. */
    static SnapshotPolicy everyEvents(long n) {
        InvalidArgumentException.require(n >= 1, "event interval must be >= 1, was " + n);
        return context -> context.eventsSinceSnapshot() >= n;
    }

    /**
     * When at least {@code interval} passed since the last snapshot and events were stored since.
     * An aggregate with no snapshot yet is left to the other criteria.
     */
    static SnapshotPolicy every(Duration interval) {
        InvalidArgumentException.requireNonNull(interval, "interval");
        InvalidArgumentException.require(!interval.isNegative(), "interval must not be negative");
        return context -> context.eventsSinceSnapshot() > 0
                && context.timeSinceSnapshot().map(elapsed -> elapsed.compareTo(interval) >= 0).orElse(false);
    }

    /** When the load of this instance replayed more than {@code n} events. */
    static SnapshotPolicy whenReplayedMoreThan(long n) {
        InvalidArgumentException.require(n >= 0, "replay threshold must be >= 0, was " + n);
        return context -> context.eventsReplayedOnLoad() > n;
    }

    /** When the load of this instance took longer than {@code limit}. */
    static SnapshotPolicy whenLoadSlowerThan(Duration limit) {
        InvalidArgumentException.requireNonNull(limit, "limit");
        return context -> context.loadDuration().compareTo(limit) > 0;
    }

    static SnapshotPolicy never() {
        return context -> false;
    }

    default SnapshotPolicy or(SnapshotPolicy other) {
        InvalidArgumentException.requireNonNull(other, "policy");
        return context -> shouldSnapshot(context) || other.shouldSnapshot(context);
    }

    default SnapshotPolicy and(SnapshotPolicy other) {
        InvalidArgumentException.requireNonNull(other, "policy");
        return context -> shouldSnapshot(context) && other.shouldSnapshot(context);
    }
}
