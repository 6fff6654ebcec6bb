package dev.annals.sqlite;

import dev.annals.spi.Checkpoint;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The subscription role of the SQLite store, in the tables {@code subscription_partitions} and
 * {@code parked_events} of the same file. Every write goes through the store's single writer
 * ({@link SubscriptionWrites}), so it is atomic, ordered with appends and fenced inside its own
 * transaction; reads go through the reader pool; waiting for appends is the {@link AppendWatch}.
 * Leases expire by the machine's wall clock, in milliseconds.
 *
 * <p>Thread-safe.
 */
final class SqliteSubscriptions implements SubscriptionStorage {

    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final AppendWatch appends;

    SqliteSubscriptions(SqliteWriter writer, ReaderPool readers, AppendWatch appends) {
        this.writer = writer;
        this.readers = readers;
        this.appends = appends;
    }

    @Override
    public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
        return writer.submit(SubscriptionWrites.acquireLease(subscription, partition, owner, ttl));
    }

    @Override
    public void releaseLease(String subscription, int partition, String owner, long token) {
        writer.submit(SubscriptionWrites.releaseLease(subscription, partition, owner, token));
    }

    @Override
    public Optional<Checkpoint> checkpoint(String subscription, int partition) {
        return readers.read("read the checkpoint of subscription " + subscription,
                c -> SubscriptionReads.checkpoint(c, subscription, partition));
    }

    @Override
    public void saveCheckpoint(String subscription, int partition, long token, long position) {
        writer.submit(SubscriptionWrites.saveCheckpoint(subscription, partition, token, position));
    }

    @Override
    public void park(String subscription, int partition, long token, ParkedEvent event) {
        writer.submit(SubscriptionWrites.park(subscription, partition, token, event));
    }

    @Override
    public List<ParkedEvent> parkedEvents(String subscription) {
        return readers.read("read the parked events of subscription " + subscription, c -> SubscriptionReads.parked(c, subscription));
    }

    @Override
    public boolean requestRetry(String subscription, long position) {
        return writer.submit(SubscriptionWrites.requestRetry(subscription, position));
    }

    @Override
    public boolean removeParked(String subscription, long position) {
        return writer.submit(SubscriptionWrites.removeParked(subscription, position));
    }

    @Override
    public void resetCheckpoints(String subscription, int partitions, long position) {
        writer.submit(SubscriptionWrites.resetCheckpoints(subscription, partitions, position));
    }

    @Override
    public List<SubscriptionRecord> subscriptions() {
        return readers.read("list subscriptions", SubscriptionReads::partitions);
    }

    /** Woken at once by this process's appends, within about {@value AppendWatch#POLL_MILLIS} ms by other processes'. */
    @Override
    public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        appends.await(afterPosition, maxWait);
    }

    @Override
    public long countAfter(long position) {
        return readers.read("count the events after position " + position, c -> SubscriptionReads.countAfter(c, position));
    }
}
