package dev.annals.memory;

import dev.annals.spi.Checkpoint;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The subscription role of the in-memory backend: leases, checkpoints and parked events in maps
 * guarded by this object's monitor, and a wake-up on every append. Leases expire by
 * {@link System#nanoTime()}. Thread-safe.
 */
final class MemorySubscriptions implements SubscriptionStorage {

    private final LongSupplier head;
    private final LongUnaryOperator countAfter;
    private final Map<String, Partition> partitions = new TreeMap<>();
    private final Map<String, TreeMap<Long, ParkedEvent>> parked = new TreeMap<>();
    private final Object appended = new Object();

    /**
     * @param head the log's head position
     * @param countAfter the number of events after a position
     */
    MemorySubscriptions(LongSupplier head, LongUnaryOperator countAfter) {
        this.head = head;
        this.countAfter = countAfter;
    }

    /** One subscription partition's lease and checkpoint. Guarded by the outer monitor. */
    private static final class Partition {
        final String subscription;
        final int partition;
        @Nullable Checkpoint checkpoint;
        @Nullable String owner;
        long token;
        long expiresAtNanos;
        @Nullable Instant expiresAt;

        Partition(String subscription, int partition) {
            this.subscription = subscription;
            this.partition = partition;
        }
    }

    private Partition partition(String subscription, int partition) {
        return partitions.computeIfAbsent(subscription + '\u0000' + partition, key -> new Partition(subscription, partition));
    }

    @Override
    public synchronized OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
        Partition p = partition(subscription, partition);
        long now = System.nanoTime();
        boolean mine = owner.equals(p.owner);
        if (!mine && p.owner != null && now - p.expiresAtNanos < 0) {
            return OptionalLong.empty();
        }
        if (!mine) {
            p.owner = owner;
            p.token++;
        }
        p.expiresAtNanos = now + ttl.toNanos();
        p.expiresAt = Instant.now().plus(ttl);
        return OptionalLong.of(p.token);
    }

    @Override
    public synchronized void releaseLease(String subscription, int partition, String owner, long token) {
        Partition p = partition(subscription, partition);
        if (owner.equals(p.owner) && p.token == token) {
            p.expiresAtNanos = System.nanoTime();
            p.expiresAt = Instant.now();
            p.owner = null;
        }
    }

    @Override
    public synchronized Optional<Checkpoint> checkpoint(String subscription, int partition) {
        return Optional.ofNullable(partition(subscription, partition).checkpoint);
    }

    @Override
    public synchronized void saveCheckpoint(String subscription, int partition, long token, long position) {
        Partition p = current(subscription, partition, token);
        p.checkpoint = new Checkpoint(position, false);
    }

    private Partition current(String subscription, int partition, long token) {
        Partition p = partition(subscription, partition);
        if (p.token != token) {
            throw new LeaseLostException(subscription, partition, token);
        }
        return p;
    }

    @Override
    public synchronized void park(String subscription, int partition, long token, ParkedEvent event) {
        current(subscription, partition, token);
        parked.computeIfAbsent(subscription, s -> new TreeMap<>()).put(event.position(), event);
    }

    @Override
    public synchronized List<ParkedEvent> parkedEvents(String subscription) {
        return List.copyOf(parked.getOrDefault(subscription, new TreeMap<>()).values());
    }

    @Override
    public synchronized boolean requestRetry(String subscription, long position) {
        TreeMap<Long, ParkedEvent> events = parked.get(subscription);
        ParkedEvent event = events == null ? null : events.get(position);
        if (event == null || events == null) {
            return false;
        }
        events.put(position, new ParkedEvent(event.subscription(), event.partition(), event.position(), event.eventId(),
                event.stream(), event.error(), event.attempts(), event.parkedAt(), true));
        return true;
    }

    @Override
    public synchronized boolean removeParked(String subscription, long position) {
        TreeMap<Long, ParkedEvent> events = parked.get(subscription);
        return events != null && events.remove(position) != null;
    }

    @Override
    public synchronized void resetCheckpoints(String subscription, int count, long position) {
        for (int i = 0; i < count; i++) {
            Partition p = partition(subscription, i);
            p.checkpoint = new Checkpoint(position, true);
            p.owner = null;
            p.token++;
            p.expiresAtNanos = System.nanoTime();
        }
    }

    @Override
    public synchronized List<SubscriptionRecord> subscriptions() {
        List<SubscriptionRecord> result = new ArrayList<>();
        for (Partition p : partitions.values()) {
            int parkedHere = (int) parked.getOrDefault(p.subscription, new TreeMap<>()).values().stream()
                    .filter(e -> e.partition() == p.partition).count();
            result.add(new SubscriptionRecord(p.subscription, p.partition, p.checkpoint == null ? -1 : p.checkpoint.position(),
                    p.owner, p.token, p.expiresAt, parkedHere));
        }
        result.sort(Comparator.comparing(SubscriptionRecord::subscription).thenComparingInt(SubscriptionRecord::partition));
        return result;
    }

    @Override
    public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (appended) {
            while (head.getAsLong() <= afterPosition) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                appended.wait(Math.max(1, left / 1_000_000), 0);
            }
        }
    }

    /** Wakes the subscriptions waiting for an append; called by the backend after each append. */
    void signalAppend() {
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    @Override
    public long countAfter(long position) {
        return countAfter.applyAsLong(position);
    }
}
