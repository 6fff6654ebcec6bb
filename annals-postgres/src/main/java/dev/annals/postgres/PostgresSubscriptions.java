package dev.annals.postgres;

import dev.annals.spi.Checkpoint;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The subscription role on PostgreSQL: tables {@code subscription_partitions} and {@code parked_events}
 * of the store's schema, and {@link AppendListener} for the wake-ups. The semantics are those of the
 * reference {@code MemorySubscriptions}.
 *
 * <p>Every write is one statement whose fencing check is part of it: the {@code UPDATE} of a checkpoint
 * names the token in its {@code WHERE}, so a stale token updates no row and nothing is written; the row
 * lock makes the check and the write one step against a concurrent takeover. A lease is taken by one
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE} that grows the token only when the owner changes.
 * Leases expire by the server's clock ({@code clock_timestamp()}), so instances on hosts whose clocks
 * disagree still agree on who holds a lease.
 *
 * <p>Thread-safe.
 */
final class PostgresSubscriptions implements SubscriptionStorage {

    /** Longer leases are cut to this, far below what an interval holds. */
    private static final long MAX_TTL_MILLIS = Duration.ofDays(365L * 100).toMillis();

    private final Jdbc jdbc;
    private final AppendListener listener;
    private final Runnable ensureOpen;
    private final String acquireSql;
    private final String releaseSql;
    private final String checkpointSql;
    private final String saveSql;
    private final String parkSql;
    private final String parkedSql;
    private final String retrySql;
    private final String removeSql;
    private final String resetSql;
    private final String partitionsSql;
    private final String countAfterSql;

    /** @param ensureOpen throws when the store is closed */
    PostgresSubscriptions(Jdbc jdbc, String quotedSchema, AppendListener listener, Runnable ensureOpen) {
        this.jdbc = jdbc;
        this.listener = listener;
        this.ensureOpen = ensureOpen;
        String partitions = quotedSchema + ".subscription_partitions";
        String parked = quotedSchema + ".parked_events";
        // The owner renewing keeps its token; a lease that passes to another owner (expired, released or
        // reset: owner NULL) grows it. A live lease of another owner updates no row: nothing is returned.
        this.acquireSql = "INSERT INTO " + partitions + " AS p (name, partition, owner, token, lease_expires_at) "
                + "VALUES (?, ?, ?, 1, clock_timestamp() + ? * interval '1 millisecond') "
                + "ON CONFLICT (name, partition) DO UPDATE SET owner = excluded.owner, lease_expires_at = excluded.lease_expires_at, "
                + "token = CASE WHEN p.owner = excluded.owner THEN p.token ELSE p.token + 1 END "
                + "WHERE p.owner IS NULL OR p.owner = excluded.owner OR p.lease_expires_at IS NULL "
                + "OR p.lease_expires_at <= clock_timestamp() RETURNING p.token";
        this.releaseSql = "UPDATE " + partitions + " SET owner = NULL, lease_expires_at = clock_timestamp() "
                + "WHERE name = ? AND partition = ? AND owner = ? AND token = ?";
        this.checkpointSql = "SELECT checkpoint, reset_pending FROM " + partitions
                + " WHERE name = ? AND partition = ? AND checkpoint IS NOT NULL";
        this.saveSql = "UPDATE " + partitions + " SET checkpoint = ?, reset_pending = false WHERE name = ? AND partition = ? AND token = ?";
        this.parkSql = "INSERT INTO " + parked + " (name, partition, position, event_id, stream, error, attempts, parked_at, "
                + "retry_requested) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM " + partitions
                + " WHERE name = ? AND partition = ? AND token = ?) ON CONFLICT (name, position) DO UPDATE SET "
                + "partition = excluded.partition, event_id = excluded.event_id, stream = excluded.stream, error = excluded.error, "
                + "attempts = excluded.attempts, parked_at = excluded.parked_at, retry_requested = excluded.retry_requested";
        this.parkedSql = "SELECT name, partition, position, event_id, stream, error, attempts, parked_at, retry_requested FROM "
                + parked + " WHERE name = ? ORDER BY position";
        this.retrySql = "UPDATE " + parked + " SET retry_requested = true WHERE name = ? AND position = ?";
        this.removeSql = "DELETE FROM " + parked + " WHERE name = ? AND position = ?";
        // A partition never seen gets token 1 (0, bumped), as if it had existed without a lease.
        this.resetSql = "INSERT INTO " + partitions + " AS p (name, partition, checkpoint, reset_pending, owner, token) "
                + "SELECT ?, g, ?, true, NULL, 1 FROM generate_series(0, ? - 1) AS g "
                + "ON CONFLICT (name, partition) DO UPDATE SET checkpoint = excluded.checkpoint, reset_pending = true, owner = NULL, "
                + "token = p.token + 1, lease_expires_at = least(p.lease_expires_at, clock_timestamp())";
        this.partitionsSql = "SELECT p.name, p.partition, p.checkpoint, p.owner, p.token, p.lease_expires_at, "
                + "(SELECT count(*) FROM " + parked + " e WHERE e.name = p.name AND e.partition = p.partition) "
                + "FROM " + partitions + " p ORDER BY p.name, p.partition";
        // Counts the rows of the range on the primary key: holes are not counted, whatever their size.
        this.countAfterSql = "SELECT count(*) FROM " + quotedSchema + ".events WHERE position > ?";
    }

    @Override
    public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
        ensureOpen.run();
        long millis = ttl.compareTo(Duration.ofMillis(MAX_TTL_MILLIS)) > 0 ? MAX_TTL_MILLIS : Math.max(0, ttl.toMillis());
        return jdbc.query("take the lease of subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(acquireSql)) {
                ps.setString(1, subscription);
                ps.setInt(2, partition);
                ps.setString(3, owner);
                ps.setLong(4, millis);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public void releaseLease(String subscription, int partition, String owner, long token) {
        ensureOpen.run();
        jdbc.query("release the lease of subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(releaseSql)) {
                ps.setString(1, subscription);
                ps.setInt(2, partition);
                ps.setString(3, owner);
                ps.setLong(4, token);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Checkpoint> checkpoint(String subscription, int partition) {
        ensureOpen.run();
        return jdbc.query("read the checkpoint of subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(checkpointSql)) {
                ps.setString(1, subscription);
                ps.setInt(2, partition);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Checkpoint(rs.getLong(1), rs.getBoolean(2))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void saveCheckpoint(String subscription, int partition, long token, long position) {
        ensureOpen.run();
        boolean saved = jdbc.query("save the checkpoint of subscription " + subscription,
                c -> storeCheckpoint(c, subscription, partition, token, position));
        if (!saved) {
            throw new LeaseLostException(subscription, partition, token);
        }
    }

    /**
     * Stores a checkpoint and clears a pending reset in {@code c}'s transaction, when {@code token} is
     * current; the fencing check is the statement's own {@code WHERE}.
     *
     * @return false when the token is stale; then nothing was written
     */
    boolean storeCheckpoint(Connection c, String subscription, int partition, long token, long position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(saveSql)) {
            ps.setLong(1, position);
            ps.setString(2, subscription);
            ps.setInt(3, partition);
            ps.setLong(4, token);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public void park(String subscription, int partition, long token, ParkedEvent event) {
        ensureOpen.run();
        int stored = jdbc.query("park an event of subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(parkSql)) {
                ps.setString(1, subscription);
                ps.setInt(2, event.partition());
                ps.setLong(3, event.position());
                ps.setObject(4, event.eventId());
                ps.setString(5, event.stream());
                // text cannot hold NUL; an error message may.
                ps.setString(6, event.error().replace('\u0000', '\uFFFD'));
                ps.setInt(7, event.attempts());
                ps.setObject(8, Instants.micros(event.parkedAt()));
                ps.setBoolean(9, event.retryRequested());
                ps.setString(10, subscription);
                ps.setInt(11, partition);
                ps.setLong(12, token);
                return ps.executeUpdate();
            }
        });
        if (stored == 0) {
            throw new LeaseLostException(subscription, partition, token);
        }
    }

    @Override
    public List<ParkedEvent> parkedEvents(String subscription) {
        ensureOpen.run();
        return jdbc.query("list the parked events of subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(parkedSql)) {
                ps.setString(1, subscription);
                List<ParkedEvent> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new ParkedEvent(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getObject(4, UUID.class),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class).toInstant(),
                                rs.getBoolean(9)));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public boolean requestRetry(String subscription, long position) {
        ensureOpen.run();
        return update("request a retry of a parked event of subscription " + subscription, retrySql, subscription, position) > 0;
    }

    @Override
    public boolean removeParked(String subscription, long position) {
        ensureOpen.run();
        return update("remove a parked event of subscription " + subscription, removeSql, subscription, position) > 0;
    }

    private int update(String what, String sql, String subscription, long position) {
        return jdbc.query(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, subscription);
                ps.setLong(2, position);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void resetCheckpoints(String subscription, int partitions, long position) {
        ensureOpen.run();
        jdbc.query("reset subscription " + subscription, c -> {
            try (PreparedStatement ps = c.prepareStatement(resetSql)) {
                ps.setString(1, subscription);
                ps.setLong(2, position);
                ps.setInt(3, partitions);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<SubscriptionRecord> subscriptions() {
        ensureOpen.run();
        return jdbc.query("list the subscriptions", c -> {
            List<SubscriptionRecord> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(partitionsSql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long checkpoint = rs.getLong(3);
                    if (rs.wasNull()) {
                        checkpoint = -1;
                    }
                    @Nullable OffsetDateTime expires = rs.getObject(6, OffsetDateTime.class);
                    @Nullable Instant leaseExpiresAt = expires == null ? null : expires.toInstant();
                    result.add(new SubscriptionRecord(rs.getString(1), rs.getInt(2), checkpoint, rs.getString(4), rs.getLong(5),
                            leaseExpiresAt, rs.getInt(7)));
                }
            }
            return result;
        });
    }

    @Override
    public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        ensureOpen.run();
        listener.awaitAppend(afterPosition, maxWait);
    }

    @Override
    public long countAfter(long position) {
        ensureOpen.run();
        return jdbc.query("count the events after a checkpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement(countAfterSql)) {
                ps.setLong(1, position);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
