package dev.annals.postgres;

import dev.annals.Limits;
import dev.annals.spi.StoredSnapshot;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots in their own table, keyed by (stream, version). Saving takes a transaction-scoped advisory
 * lock per stream so that the "older is ignored, equal overwrites, keep the newest N" rule holds for
 * concurrent savers. Integrity hashes are computed and verified above the SPI; this class stores them.
 *
 * <p>Thread-safe.
 */
final class PostgresSnapshots {

    private static final String COLUMNS = "stream, version, created_at, created_ns, fingerprint, hash, state";

    private final Jdbc jdbc;
    private final String lockName;
    private final String schema;

    PostgresSnapshots(Jdbc jdbc, PostgresOptions options) {
        this.jdbc = jdbc;
        this.lockName = options.schema();
        this.schema = options.quotedSchema();
    }

    /**
     * Takes the snapshot lock of {@code stream} in the schema named {@code schemaName} until {@code c}'s transaction
     * ends: held by every save, and by deletes and truncations of the stream, so that a delete never misses a
     * snapshot that a save has written but not committed yet.
     */
    static void lockStream(java.sql.Connection c, String schemaName, String stream) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LockKeys.SNAPSHOT);
            lock.setString(2, schemaName + "/" + stream);
            lock.execute();
        }
    }

    boolean save(StoredSnapshot snapshot, int retain) {
        return jdbc.transaction("save a snapshot of stream " + Limits.shown(snapshot.stream()), c -> {
            lockStream(c, lockName, snapshot.stream());
            try (PreparedStatement newest = c.prepareStatement("SELECT max(version) FROM " + schema + ".snapshots WHERE stream = ?")) {
                newest.setString(1, snapshot.stream());
                try (ResultSet rs = newest.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    if (!rs.wasNull() && snapshot.version() < v) {
                        return false;
                    }
                }
            }
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + schema + ".snapshots (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stream, version) DO UPDATE SET created_at = excluded.created_at, "
                    + "created_ns = excluded.created_ns, fingerprint = excluded.fingerprint, hash = excluded.hash, state = excluded.state")) {
                upsert.setString(1, snapshot.stream());
                upsert.setLong(2, snapshot.version());
                upsert.setObject(3, Instants.micros(snapshot.createdAt()));
                upsert.setShort(4, Instants.subMicroNanos(snapshot.createdAt()));
                upsert.setString(5, snapshot.fingerprint());
                upsert.setString(6, snapshot.hash());
                upsert.setBytes(7, snapshot.state());
                upsert.executeUpdate();
            }
            try (PreparedStatement trim = c.prepareStatement("DELETE FROM " + schema + ".snapshots WHERE stream = ? AND version < ALL ("
                    + "SELECT version FROM " + schema + ".snapshots WHERE stream = ? ORDER BY version DESC LIMIT ?)")) {
                trim.setString(1, snapshot.stream());
                trim.setString(2, snapshot.stream());
                trim.setInt(3, retain);
                trim.executeUpdate();
            }
            return true;
        });
    }

    List<StoredSnapshot> all(String stream) {
        return jdbc.query("read the snapshots of stream " + Limits.shown(stream), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM " + schema + ".snapshots WHERE stream = ? ORDER BY version DESC")) {
                ps.setString(1, stream);
                return read(ps);
            }
        });
    }

    Optional<StoredSnapshot> atOrBefore(String stream, long version) {
        return jdbc.query("read a snapshot of stream " + Limits.shown(stream), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + schema + ".snapshots "
                    + "WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, stream);
                ps.setLong(2, version);
                return read(ps).stream().findFirst();
            }
        });
    }

    void clear(String stream) {
        jdbc.query("clear the snapshots of stream " + Limits.shown(stream), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema + ".snapshots WHERE stream = ?")) {
                ps.setString(1, stream);
                return ps.executeUpdate();
            }
        });
    }

    private static List<StoredSnapshot> read(PreparedStatement ps) throws SQLException {
        List<StoredSnapshot> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(new StoredSnapshot(rs.getString(1), rs.getLong(2), Instants.of(rs.getObject(3, OffsetDateTime.class), rs.getShort(4)),
                        rs.getString(5), rs.getString(6), rs.getBytes(7)));
            }
        }
        return result;
    }
}
