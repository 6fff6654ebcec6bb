package dev.annals.spi;

import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The role of a backend that keeps what subscriptions need, in the same store as the events:
 * leases with fencing tokens (one active instance per subscription partition), checkpoints, parked
 * events, and a wake-up when the log grows.
 *
 * <p><b>Leases and fencing.</b> An instance holds the lease of a (subscription, partition) while it
 * renews it within its time to live. Each time the lease passes to another owner its fencing token
 * grows; every write of the subscription (checkpoint, parked event) carries the token it was
 * given, and a write with a token that is no longer current is refused with
 * {@link dev.annals.subscription.LeaseLostException}: an instance that was paused past its lease
 * and wakes up cannot overwrite the work of the instance that took over.
 *
 * <p>Names are subscription names (checked by the API: 1 to 200 characters of letters, digits,
 * {@code -_.}); partitions are {@code 0..n-1}. Implementations are thread-safe.
 */
public interface SubscriptionStorage {

    /**
     * Takes or renews the lease of ({@code subscription}, {@code partition}) for {@code owner}, valid
     * for {@code ttl} from now by the store's clock.
     *
     * @return the fencing token when {@code owner} holds the lease now: unchanged while the same owner
     *     renews, higher whenever the lease passes to another owner; empty while another owner holds an
     *     unexpired lease
     */
    OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl);

    /** Gives the lease up at once when {@code owner} holds it with {@code token}, so another instance takes over without waiting. */
    void releaseLease(String subscription, int partition, String owner, long token);

    /** The checkpoint of a partition, or empty when it has none. */
    Optional<Checkpoint> checkpoint(String subscription, int partition);

    /**
     * Stores the checkpoint when {@code token} is the current fencing token of the partition's lease,
     * and clears a pending reset.
     *
     * @throws dev.annals.subscription.LeaseLostException when it is not; nothing is written
     */
    void saveCheckpoint(String subscription, int partition, long token, long position);

    /**
     * Parks an event that its handler could not handle, with the error, when {@code token} is current.
     *
     * @throws dev.annals.subscription.LeaseLostException when it is not; nothing is written
     */
    void park(String subscription, int partition, long token, ParkedEvent event);

    /** The parked events of a subscription, in position order. */
    List<ParkedEvent> parkedEvents(String subscription);

    /** Marks a parked event for the running instance to try again; false when there is none at that position. */
    boolean requestRetry(String subscription, long position);

    /** Removes a parked event; false when there was none at that position. */
    boolean removeParked(String subscription, long position);

    /**
     * Sets the checkpoint of every partition of {@code subscription} to {@code position} (0: the
     * beginning) with a pending reset, whoever holds their leases, and ends their leases (the fencing
     * tokens grow): a running instance's next write is refused, it takes the lease again, runs its
     * reset hook and replays from {@code position}.
     */
    void resetCheckpoints(String subscription, int partitions, long position);

    /** Every subscription partition the store knows, by name and partition. */
    List<SubscriptionRecord> subscriptions();

    /**
     * Returns when the log's head may have moved beyond {@code afterPosition}, or after
     * {@code maxWait} at the latest (a safety net: callers read the log after it either way).
     */
    void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException;

    /** How many events have a position above {@code position}: the lag of a checkpoint (positions may have holes). */
    long countAfter(long position);
}
