package dev.annals.postgres;

import dev.annals.spi.BackendStats;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The read side: streams, the global log, stream listing and totals. Every method is one query, so it
 * sees one consistent snapshot. Because committed positions form a gap-free prefix (see
 * {@link PostgresAppender}), reading the log by position never skips an event that commits later.
 *
 * <p>Thread-safe.
 */
final class PostgresReader {

    private final Jdbc jdbc;
    private final String schema;
    private final String readStreamSql;
    private final String readAllSql;
    private final String readAllBackwardSql;

    PostgresReader(Jdbc jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
        String select = "SELECT " + EventRows.COLUMNS + " FROM " + schema + ".events ";
        // Versions and positions are dense, so a forward page is also bounded as a range: the server touches
        // only the rows it returns whatever plan it picks (on a table not yet analyzed it picks a bitmap
        // scan of the whole rest of the stream, then sorts, for every page).
        readStreamSql = select + "WHERE stream = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?";
        readAllSql = select + "WHERE position > ? AND position <= ? ORDER BY position LIMIT ?";
        readAllBackwardSql = select + "WHERE position < ? ORDER BY position DESC LIMIT ?";
    }

    List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return jdbc.query("read stream " + stream, c -> {
            try (PreparedStatement ps = c.prepareStatement(readStreamSql)) {
                ps.setString(1, stream);
                ps.setLong(2, afterVersion);
                ps.setLong(3, saturatedAdd(afterVersion, limit));
                ps.setInt(4, limit);
                return EventRows.readAll(ps);
            }
        });
    }

    OptionalLong currentVersion(String stream) {
        return jdbc.query("read the version of stream " + stream, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT max(version) FROM " + schema + ".events WHERE stream = ?")) {
                ps.setString(1, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
                }
            }
        });
    }

    List<StoredEvent> readAll(long afterPosition, int limit) {
        return jdbc.query("read the global log", c -> {
            try (PreparedStatement ps = c.prepareStatement(readAllSql)) {
                ps.setLong(1, afterPosition);
                ps.setLong(2, saturatedAdd(afterPosition, limit));
                ps.setInt(3, limit);
                return EventRows.readAll(ps);
            }
        });
    }

    List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        return jdbc.query("read the global log backward", c -> {
            try (PreparedStatement ps = c.prepareStatement(readAllBackwardSql)) {
                ps.setLong(1, beforePosition);
                ps.setInt(2, limit);
                return EventRows.readAll(ps);
            }
        });
    }

    private static long saturatedAdd(long value, int amount) {
        return value > Long.MAX_VALUE - amount ? Long.MAX_VALUE : value + amount;
    }

    long headPosition() {
        return jdbc.query("read the head position", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(position), 0) FROM " + schema + ".events");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        // GROUP BY over the (stream, version) index stops after `limit` groups.
        String sql = "SELECT e.stream, max(e.version), (SELECT count(*) FROM " + schema + ".snapshots s WHERE s.stream = e.stream) "
                + "FROM " + schema + ".events e " + (afterStream == null ? "" : "WHERE e.stream > ? ")
                + "GROUP BY e.stream ORDER BY e.stream LIMIT ?";
        return jdbc.query("list streams", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (afterStream != null) {
                    ps.setString(i++, afterStream);
                }
                ps.setInt(i, limit);
                List<StreamInfo> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new StreamInfo(rs.getString(1), rs.getLong(2), rs.getInt(3)));
                    }
                }
                return result;
            }
        });
    }

    BackendStats stats() {
        // Positions are dense, so the head position is also the number of events.
        String sql = "SELECT (SELECT count(DISTINCT stream) FROM %1$s.events), (SELECT coalesce(max(position), 0) FROM %1$s.events), "
                + "(SELECT count(*) FROM %1$s.snapshots), "
                + "pg_total_relation_size('%1$s.events') + pg_total_relation_size('%1$s.snapshots')";
        return jdbc.query("read the store's totals", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.formatted(schema)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new BackendStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(2), rs.getLong(4));
            }
        });
    }
}
