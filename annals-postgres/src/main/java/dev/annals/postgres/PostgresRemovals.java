package dev.annals.postgres;

import dev.annals.DeleteMode;
import dev.annals.Limits;
import dev.annals.StreamState;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.support.RemovalDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Deletes and truncations of streams, decided by {@link RemovalDecision}. Each runs in one transaction
 * that first takes the schema's append lock ({@link LockKeys#APPEND}), so it is serialized with the
 * appends and reads the stream's state exactly as they do, then the stream's snapshot lock
 * ({@link LockKeys#SNAPSHOT}, always in this order; a save takes only the latter), so that a snapshot being
 * saved is committed before the delete removes the stream's snapshots, never after; the {@code removed_streams} table keeps
 * what it did (see {@link PostgresSchema}). Removed events leave holes in the log; positions come from
 * a sequence, so they are never given again. Thread-safe.
 */
final class PostgresRemovals {

    private final Jdbc jdbc;
    private final String schema;
    private final String schemaName;
    private final int appendKey;

    PostgresRemovals(Jdbc jdbc, PostgresOptions options) {
        this.jdbc = jdbc;
        this.schema = options.quotedSchema();
        this.schemaName = options.schema();
        this.appendKey = LockKeys.appendKey(options.schema());
    }

    private static String stateSql(String schema) {
        return "SELECT (SELECT e.version FROM " + schema + ".events e WHERE e.stream = ? ORDER BY e.version DESC LIMIT 1), "
                + "r.deleted_before, r.truncated_before, r.hard_deleted FROM (SELECT 1) one LEFT JOIN " + schema
                + ".removed_streams r ON r.stream = ?";
    }

    /** The state of {@code stream} as {@code c} sees it now. */
    static StreamState state(Connection c, String schema, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(stateSql(schema))) {
            ps.setString(1, stream);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long last = rs.getLong(1);
                if (rs.wasNull()) {
                    last = -1;
                }
                return StreamState.stored(last, rs.getLong(2), rs.getLong(3), rs.getBoolean(4));
            }
        }
    }

    /** Records a copied stream's marks, once {@link RemovalDecision#decideRestore} allows it; removes nothing. */
    void restore(String stream, StreamState restored) {
        jdbc.transaction("record the copied state of stream " + Limits.shown(stream), c -> {
            lock(c);
            StreamState held = state(c, schema, stream);
            OptionalLong first = OptionalLong.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT min(version) FROM " + schema + ".events WHERE stream = ?")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long version = rs.getLong(1);
                    if (!rs.wasNull()) {
                        first = OptionalLong.of(version);
                    }
                }
            }
            if (!RemovalDecision.decideRestore(stream, held, first, restored)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".removed_streams (stream, deleted_before, "
                    + "truncated_before, hard_deleted) VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET "
                    + "deleted_before = EXCLUDED.deleted_before, truncated_before = EXCLUDED.truncated_before, "
                    + "hard_deleted = EXCLUDED.hard_deleted")) {
                ps.setString(1, stream);
                ps.setLong(2, restored.deletedBefore());
                ps.setLong(3, restored.truncatedBefore());
                ps.setBoolean(4, restored.hardDeleted());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Up to {@code limit} deleted or truncated streams after {@code afterStream}, by name. */
    List<StoredStreamState> list(@Nullable String afterStream, int limit) {
        return jdbc.query("list the deleted and truncated streams", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.stream, r.deleted_before, r.truncated_before, r.hard_deleted, "
                    + "(SELECT e.version FROM " + schema + ".events e WHERE e.stream = r.stream ORDER BY e.version DESC LIMIT 1) "
                    + "FROM " + schema + ".removed_streams r WHERE r.stream > ? AND (r.deleted_before > 0 "
                    + "OR r.truncated_before > 0 OR r.hard_deleted) ORDER BY r.stream LIMIT ?")) {
                ps.setString(1, afterStream == null ? "" : afterStream);
                ps.setInt(2, limit);
                List<StoredStreamState> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(5);
                        if (rs.wasNull()) {
                            last = -1;
                        }
                        result.add(new StoredStreamState(rs.getString(1),
                                StreamState.stored(last, rs.getLong(2), rs.getLong(3), rs.getBoolean(4))));
                    }
                }
                return result;
            }
        });
    }

    StreamState state(String stream) {
        return jdbc.query("read the state of stream " + Limits.shown(stream), c -> state(c, schema, stream));
    }

    void delete(String stream, long expectedVersion, DeleteMode mode) {
        jdbc.transaction("delete stream " + Limits.shown(stream), c -> {
            lock(c);
            PostgresSnapshots.lockStream(c, schemaName, stream);
            StreamState state = state(c, schema, stream);
            if (!RemovalDecision.decideDelete(stream, state, expectedVersion, mode)) {
                return false;
            }
            update(c, "DELETE FROM " + schema + ".snapshots WHERE stream = ?", stream);
            if (mode == DeleteMode.SOFT) {
                record(c, stream, "deleted_before", RemovalDecision.softDeleted(state).deletedBefore());
            } else {
                update(c, "DELETE FROM " + schema + ".events WHERE stream = ?", stream);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".removed_streams (stream, hard_deleted) "
                        + "VALUES (?, true) ON CONFLICT (stream) DO UPDATE SET hard_deleted = true")) {
                    ps.setString(1, stream);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    void truncate(String stream, long beforeVersion) {
        jdbc.transaction("truncate stream " + Limits.shown(stream), c -> {
            lock(c);
            PostgresSnapshots.lockStream(c, schemaName, stream);
            StreamState state = state(c, schema, stream);
            OptionalLong newest = OptionalLong.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM " + schema + ".snapshots WHERE stream = ?")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long version = rs.getLong(1);
                    if (!rs.wasNull()) {
                        newest = OptionalLong.of(version);
                    }
                }
            }
            if (!RemovalDecision.decideTruncate(stream, state, beforeVersion, newest)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema + ".events WHERE stream = ? AND version < ?")) {
                ps.setString(1, stream);
                ps.setLong(2, beforeVersion);
                ps.executeUpdate();
            }
            record(c, stream, "truncated_before", beforeVersion);
            return true;
        });
    }

    private void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LockKeys.APPEND);
            ps.setInt(2, appendKey);
            ps.execute();
        }
    }

    /** Sets one column of the stream's row in {@code removed_streams}, creating the row. */
    private void record(Connection c, String stream, String column, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".removed_streams (stream, " + column
                + ") VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET " + column + " = EXCLUDED." + column)) {
            ps.setString(1, stream);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, stream);
            ps.executeUpdate();
        }
    }
}
