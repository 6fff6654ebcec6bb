package dev.annals.subscription;

import dev.annals.InvalidArgumentException;
import dev.annals.StreamCategory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a subscription runs. Immutable: each method returns a changed copy and checks its argument at
 * once. Defaults, chosen for a production service: start at the beginning, every event, batches of
 * 500, one partition, a checkpoint after every batch, 5 tries with exponential backoff then park
 * and stop, a lease of 10 s, a fallback poll every 5 s (a safety net: live events arrive by
 * notification).
 *
 * @param categories only events of these categories (all when empty); their events are decoded into their classes
 * @param eventTypes only events with these stored type names (all when empty)
 */
public record SubscriptionOptions(Start start, List<StreamCategory<?, ?>> categories, Set<String> eventTypes, int batchSize,
        int partitions, int checkpointEveryEvents, Duration checkpointEvery, RetryPolicy retry, PoisonPolicy onPoison,
        Duration lease, Duration fallbackPoll) {

    public static final int MAX_BATCH = 10_000;
    public static final int MAX_PARTITIONS = 256;

    public SubscriptionOptions {
        InvalidArgumentException.requireNonNull(start, "start");
        InvalidArgumentException.requireNonNull(categories, "categories");
        categories.forEach(c -> InvalidArgumentException.requireNonNull(c, "category"));
        categories = List.copyOf(categories);
        InvalidArgumentException.requireNonNull(eventTypes, "event types");
        eventTypes.forEach(t -> InvalidArgumentException.requireNonNull(t, "event type"));
        eventTypes = Set.copyOf(eventTypes);
        InvalidArgumentException.require(batchSize >= 1 && batchSize <= MAX_BATCH,
                "batch size must be 1 to " + MAX_BATCH + ", was " + batchSize);
        InvalidArgumentException.require(partitions >= 1 && partitions <= MAX_PARTITIONS,
                "partitions must be 1 to " + MAX_PARTITIONS + ", was " + partitions);
        InvalidArgumentException.require(checkpointEveryEvents >= 1, "checkpoint interval must be >= 1 event, was " + checkpointEveryEvents);
        InvalidArgumentException.requireNonNull(checkpointEvery, "checkpoint interval");
        InvalidArgumentException.require(!checkpointEvery.isNegative(), "checkpoint interval must not be negative");
        InvalidArgumentException.requireNonNull(retry, "retry policy");
        InvalidArgumentException.requireNonNull(onPoison, "poison policy");
        InvalidArgumentException.requireNonNull(lease, "lease");
        InvalidArgumentException.require(lease.compareTo(Duration.ofMillis(300)) >= 0, "lease must be at least 300 ms, was " + lease);
        InvalidArgumentException.requireNonNull(fallbackPoll, "fallback poll");
        InvalidArgumentException.require(fallbackPoll.compareTo(Duration.ofMillis(10)) >= 0, "fallback poll must be at least 10 ms");
    }

    /** The defaults, starting at {@code start} when the subscription has no checkpoint yet. */
    public static SubscriptionOptions startAt(Start start) {
        return new SubscriptionOptions(start, List.of(), Set.of(), 500, 1, 1, Duration.ZERO, RetryPolicy.DEFAULT, PoisonPolicy.STOP,
                Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /** The defaults, from the beginning. */
    public static SubscriptionOptions defaults() {
        return startAt(Start.beginning());
    }

    public SubscriptionOptions categories(StreamCategory<?, ?>... only) {
        InvalidArgumentException.requireNonNull(only, "categories");
        return new SubscriptionOptions(start, List.of(only), eventTypes, batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, lease, fallbackPoll);
    }

    public SubscriptionOptions eventTypes(String... only) {
        InvalidArgumentException.requireNonNull(only, "event types");
        return new SubscriptionOptions(start, categories, Set.of(only), batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, lease, fallbackPoll);
    }

    /** The most events read and handed to the handler at once: the handler's pace bounds what is read. */
    public SubscriptionOptions batchSize(int events) {
        return new SubscriptionOptions(start, categories, eventTypes, events, partitions, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, lease, fallbackPoll);
    }

    /**
     * Splits the subscription by stream into {@code count} partitions, each with its own checkpoint
     * and lease (so its own instance); events of one stream stay in order.
     */
    public SubscriptionOptions partitions(int count) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, count, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, lease, fallbackPoll);
    }

    /**
     * Stores the checkpoint only after {@code events} events or {@code time}, whichever comes first
     * (and when stopping): fewer writes, more events handled again after a crash. Projections with
     * their own transaction always store it with each batch.
     */
    public SubscriptionOptions checkpointEvery(int events, Duration time) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, partitions, events, time, retry, onPoison,
                lease, fallbackPoll);
    }

    public SubscriptionOptions retry(RetryPolicy policy) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, policy, onPoison, lease, fallbackPoll);
    }

    public SubscriptionOptions onPoison(PoisonPolicy policy) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, retry, policy, lease, fallbackPoll);
    }

    /** How long an instance holds its lease without renewing; another instance takes over after it. */
    public SubscriptionOptions lease(Duration duration) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, duration, fallbackPoll);
    }

    /** How often a live subscription reads the log when no notification came: a safety net for lost notifications. */
    public SubscriptionOptions fallbackPoll(Duration interval) {
        return new SubscriptionOptions(start, categories, eventTypes, batchSize, partitions, checkpointEveryEvents,
                checkpointEvery, retry, onPoison, lease, interval);
    }
}
