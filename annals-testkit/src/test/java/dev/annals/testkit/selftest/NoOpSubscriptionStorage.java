package dev.annals.testkit.selftest;

import dev.annals.spi.Checkpoint;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A subscription role that keeps nothing: it grants no lease, ignores writes, finds nothing and never wakes a waiting reader. */
final class NoOpSubscriptionStorage implements SubscriptionStorage {

    @Override
    public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
        return OptionalLong.empty();
    }

    @Override
    public void releaseLease(String subscription, int partition, String owner, long token) {
    }

    @Override
    public Optional<Checkpoint> checkpoint(String subscription, int partition) {
        return Optional.empty();
    }

    @Override
    public void saveCheckpoint(String subscription, int partition, long token, long position) {
    }

    @Override
    public void park(String subscription, int partition, long token, ParkedEvent event) {
    }

    @Override
    public List<ParkedEvent> parkedEvents(String subscription) {
        return List.of();
    }

    @Override
    public boolean requestRetry(String subscription, long position) {
        return false;
    }

    @Override
    public boolean removeParked(String subscription, long position) {
        return false;
    }

    @Override
    public void resetCheckpoints(String subscription, int partitions, long position) {
    }

    @Override
    public List<SubscriptionRecord> subscriptions() {
        return List.of();
    }

    @Override
    public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        Thread.sleep(maxWait.toMillis());
    }

    @Override
    public long countAfter(long position) {
        return 0;
    }
}
