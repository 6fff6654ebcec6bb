package dev.annals.sqlite;

import dev.annals.spi.Checkpoint;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The read queries of the subscription role, each one statement run on a connection of the {@link ReaderPool}. Stateless. */
final class SubscriptionReads {

    private static final String CHECKPOINT = "SELECT checkpoint, reset_pending FROM subscription_partitions "
            + "WHERE name = ? AND partition = ? AND checkpoint IS NOT NULL";
    private static final String PARKED = "SELECT name, partition, position, event_id, stream, error, attempts, parked_at, "
            + "retry_requested FROM parked_events WHERE name = ? ORDER BY position";
    private static final String PARTITIONS = "SELECT p.name, p.partition, p.checkpoint, p.owner, p.token, p.lease_expires_at, "
            + "(SELECT count(*) FROM parked_events e WHERE e.name = p.name AND e.partition = p.partition) "
            + "FROM subscription_partitions p ORDER BY p.name, p.partition";
    /** Counts rows of the position range on the events' primary key: no table scan, and holes are not counted. */
    private static final String COUNT_AFTER = "SELECT count(*) FROM events WHERE position > ?";

    private SubscriptionReads() {
    }

    static Optional<Checkpoint> checkpoint(SqliteConnection connection, String subscription, int partition) throws SQLException {
        PreparedStatement query = connection.prepare(CHECKPOINT);
        query.setString(1, subscription);
        query.setInt(2, partition);
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(new Checkpoint(row.getLong(1), row.getInt(2) != 0)) : Optional.empty();
        }
    }

    static List<ParkedEvent> parked(SqliteConnection connection, String subscription) throws SQLException {
        PreparedStatement query = connection.prepare(PARKED);
        query.setString(1, subscription);
        List<ParkedEvent> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(new ParkedEvent(rows.getString(1), rows.getInt(2), rows.getLong(3), Columns.uuid(rows.getBytes(4)),
                        rows.getString(5), rows.getString(6), rows.getInt(7), Columns.instant(rows.getLong(8)), rows.getInt(9) != 0));
            }
        }
        return result;
    }

    static List<SubscriptionRecord> partitions(SqliteConnection connection) throws SQLException {
        List<SubscriptionRecord> result = new ArrayList<>();
        try (ResultSet rows = connection.prepare(PARTITIONS).executeQuery()) {
            while (rows.next()) {
                long checkpoint = rows.getLong(3);
                if (rows.wasNull()) {
                    checkpoint = -1;
                }
                @Nullable String owner = rows.getString(4);
                long token = rows.getLong(5);
                long expiresAt = rows.getLong(6);
                @Nullable Instant leaseExpiresAt = rows.wasNull() ? null : Instant.ofEpochMilli(expiresAt);
                result.add(new SubscriptionRecord(rows.getString(1), rows.getInt(2), checkpoint, owner, token, leaseExpiresAt,
                        rows.getInt(7)));
            }
        }
        return result;
    }

    static long countAfter(SqliteConnection connection, long position) throws SQLException {
        return connection.queryLongOr(0, COUNT_AFTER, position);
    }
}
