package dev.annals.sqlite;

import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The writes of the subscription role, each a {@link WriteOperation} run by the single writer: it
 * is atomic, ordered with appends, and its fencing check and its write see the same state, since
 * the writer holds SQLite's write lock (across processes) from the check to the commit. A refused
 * write throws {@link LeaseLostException} from its savepoint, so nothing of it is kept. The
 * semantics are those of the reference {@code MemorySubscriptions}.
 *
 * <p>Leases expire by the wall clock in milliseconds, read when the write runs: every process
 * opening the file runs on one machine (SQLite's WAL needs shared memory), so they share the clock.
 * Stateless.
 */
final class SubscriptionWrites {

    private static final String LEASE = "SELECT owner, token, lease_expires_at FROM subscription_partitions "
            + "WHERE name = ? AND partition = ?";
    private static final String FIRST_LEASE = "INSERT INTO subscription_partitions (name, partition, owner, token, lease_expires_at) "
            + "VALUES (?, ?, ?, 1, ?)";
    private static final String TAKE_LEASE = "UPDATE subscription_partitions SET owner = ?, token = ?, lease_expires_at = ? "
            + "WHERE name = ? AND partition = ?";
    private static final String RELEASE_LEASE = "UPDATE subscription_partitions SET owner = NULL, lease_expires_at = ? "
            + "WHERE name = ? AND partition = ? AND owner = ? AND token = ?";
    private static final String SAVE_CHECKPOINT = "UPDATE subscription_partitions SET checkpoint = ?, reset_pending = 0 "
            + "WHERE name = ? AND partition = ? AND token = ?";
    private static final String TOKEN = "SELECT token FROM subscription_partitions WHERE name = ? AND partition = ?";
    private static final String PARK = "INSERT OR REPLACE INTO parked_events (name, position, partition, event_id, stream, error, "
            + "attempts, parked_at, retry_requested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REQUEST_RETRY = "UPDATE parked_events SET retry_requested = 1 WHERE name = ? AND position = ?";
    private static final String REMOVE_PARKED = "DELETE FROM parked_events WHERE name = ? AND position = ?";
    /** A partition never seen gets token 1 (0, bumped), as if it had existed without a lease. */
    private static final String RESET = "INSERT INTO subscription_partitions (name, partition, checkpoint, reset_pending, owner, token) "
            + "VALUES (?, ?, ?, 1, NULL, 1) ON CONFLICT (name, partition) DO UPDATE SET checkpoint = excluded.checkpoint, "
            + "reset_pending = 1, owner = NULL, token = token + 1, lease_expires_at = min(lease_expires_at, ?)";

    private SubscriptionWrites() {
    }

    /** Takes or renews a lease: the same token while its owner renews, one more when it passes to another owner. */
    static WriteOperation<OptionalLong> acquireLease(String subscription, int partition, String owner, Duration ttl) {
        return session -> {
            SqliteConnection connection = session.connection();
            long now = System.currentTimeMillis();
            long expiresAt = plus(now, ttl);
            PreparedStatement read = connection.prepare(LEASE);
            read.setString(1, subscription);
            read.setInt(2, partition);
            @Nullable String holder;
            long token;
            long heldUntil;
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    connection.update(FIRST_LEASE, subscription, partition, owner, expiresAt);
                    return OptionalLong.of(1);
                }
                holder = row.getString(1);
                token = row.getLong(2);
                heldUntil = row.getLong(3);
            }
            boolean mine = owner.equals(holder);
            if (!mine && holder != null && now < heldUntil) {
                return OptionalLong.empty();
            }
            long granted = mine ? token : token + 1;
            connection.update(TAKE_LEASE, owner, granted, expiresAt, subscription, partition);
            return OptionalLong.of(granted);
        };
    }

    /** Ends the lease now when {@code owner} holds it with {@code token}; otherwise changes nothing. */
    static WriteOperation<Integer> releaseLease(String subscription, int partition, String owner, long token) {
        return session -> session.connection().update(RELEASE_LEASE, System.currentTimeMillis(), subscription, partition, owner, token);
    }

    static WriteOperation<Integer> saveCheckpoint(String subscription, int partition, long token, long position) {
        return session -> {
            storeCheckpoint(session.connection(), subscription, partition, token, position);
            return 1;
        };
    }

    /**
     * Stores a checkpoint and clears a pending reset, in the caller's transaction.
     *
     * @throws LeaseLostException when {@code token} is not the partition's current one; nothing is written
     */
    static void storeCheckpoint(SqliteConnection connection, String subscription, int partition, long token, long position)
            throws SQLException {
        if (connection.update(SAVE_CHECKPOINT, position, subscription, partition, token) == 0) {
            throw new LeaseLostException(subscription, partition, token);
        }
    }

    /** @throws LeaseLostException when {@code token} is not the partition's current one */
    static void requireCurrent(SqliteConnection connection, String subscription, int partition, long token) throws SQLException {
        Long current = connection.queryLong(TOKEN, subscription, partition);
        if (current == null || current != token) {
            throw new LeaseLostException(subscription, partition, token);
        }
    }

    static WriteOperation<Integer> park(String subscription, int partition, long token, ParkedEvent event) {
        long parkedAt = Columns.nanos(event.parkedAt(), "parkedAt");
        return session -> {
            SqliteConnection connection = session.connection();
            requireCurrent(connection, subscription, partition, token);
            return connection.update(PARK, subscription, event.position(), event.partition(), Columns.uuid(event.eventId()),
                    event.stream(), event.error(), event.attempts(), parkedAt, event.retryRequested() ? 1 : 0);
        };
    }

    static WriteOperation<Boolean> requestRetry(String subscription, long position) {
        return session -> session.connection().update(REQUEST_RETRY, subscription, position) > 0;
    }

    static WriteOperation<Boolean> removeParked(String subscription, long position) {
        return session -> session.connection().update(REMOVE_PARKED, subscription, position) > 0;
    }

    /** Sets partitions {@code 0..partitions-1} to {@code position} with a pending reset, frees their leases and bumps their tokens. */
    static WriteOperation<Integer> resetCheckpoints(String subscription, int partitions, long position) {
        return session -> {
            long now = System.currentTimeMillis();
            for (int partition = 0; partition < partitions; partition++) {
                session.connection().update(RESET, subscription, partition, position, now);
            }
            return partitions;
        };
    }

    /** {@code now + ttl} in milliseconds, saturated rather than overflowing for an enormous ttl. */
    private static long plus(long now, Duration ttl) {
        long millis;
        try {
            millis = ttl.toMillis();
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        return millis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, millis);
    }
}
