package dev.annals.postgres;

import dev.annals.Limits;
import dev.annals.StreamState;
import dev.annals.spi.BackendStats;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.StreamPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The read side: streams, the global log, stream listing and totals. Positions and versions may have
 * holes (removed events, rolled-back appends), so no read assumes that they are dense: a page holds
 * the next {@code limit} events that exist, whatever lies between them.
 *
 * <p>Every page of the log is one query, so it sees one consistent snapshot; because positions follow
 * commit order (see {@link PostgresAppender}), reading the log by position never skips an event that
 * commits later. A page of a stream may take several queries when it spans holes; versions also follow
 * commit order, so what a later query adds lies after what an earlier one saw.
 *
 * <p>Thread-safe.
 */
final class PostgresReader {

    private final Jdbc jdbc;
    private final String schema;
    private final String readStreamSql;
    private final String readAllSql;
    private final String readAllBackwardSql;

    PostgresReader(Jdbc jdbc, String quotedSchema) {
        this.jdbc = jdbc;
        this.schema = quotedSchema;
        this.readStreamSql = readStreamSql(quotedSchema);
        this.readAllSql = readAllSql(quotedSchema);
        this.readAllBackwardSql = readAllBackwardSql(quotedSchema);
    }

    /**
     * A page of a stream: parameters stream ×4, stream, afterVersion, limit, stream, afterVersion, limit.
     * The page is bounded as the version range that starts at the first version after
     * {@code afterVersion} (an index probe that crosses a hole before the page), so that the server
     * touches only the rows it returns whatever plan it picks: the estimate for one stream's rows is
     * blind to a long stream (before ANALYZE, or for a stream missing from the statistics), and a plain
     * {@code ORDER BY version LIMIT} then gets a bitmap scan of the whole rest of the stream and a sort,
     * for every page. Each row also carries the stream's state (subqueries that do not depend on the
     * row, evaluated once): its last version, which also tells a page cut short by a hole from the
     * stream's end, and its row in {@code removed_streams}, so that a page needs no second query.
     */
    static String readStreamSql(String quotedSchema) {
        String removed = " FROM " + quotedSchema + ".removed_streams WHERE stream = ?)";
        return "SELECT " + EventRows.COLUMNS + ", (SELECT max(version) FROM " + quotedSchema + ".events WHERE stream = ?), "
                + "(SELECT deleted_before" + removed + ", (SELECT truncated_before" + removed + ", (SELECT hard_deleted" + removed
                + " FROM " + quotedSchema + ".events WHERE stream = ? AND version > ? AND version < ? + ("
                + "SELECT min(version) FROM " + quotedSchema + ".events WHERE stream = ? AND version > ?) "
                + "ORDER BY version LIMIT ?";
    }

    /**
     * A page of the log: parameters afterPosition, limit. The primary key gives the order and the
     * {@code LIMIT} stops the scan, whatever the statistics (the estimate for a position range is
     * never blind, unlike one stream's), and holes are crossed by the index.
     */
    static String readAllSql(String quotedSchema) {
        return "SELECT " + EventRows.COLUMNS + " FROM " + quotedSchema + ".events WHERE position > ? ORDER BY position LIMIT ?";
    }

    static String readAllBackwardSql(String quotedSchema) {
        return "SELECT " + EventRows.COLUMNS + " FROM " + quotedSchema + ".events WHERE position < ? ORDER BY position DESC LIMIT ?";
    }

    /** A page and the stream's state as the page's first query saw it; further queries cross holes. */
    StreamPage readStream(String stream, long afterVersion, int limit) {
        return jdbc.query("read stream " + Limits.shown(stream), c -> {
            List<StoredEvent> page = new ArrayList<>();
            StreamState state = null;
            long after = afterVersion;
            while (page.size() < limit) {
                StreamState seen = readStreamRange(c, stream, after, limit - page.size(), page);
                if (seen == null) {
                    break;
                }
                if (state == null) {
                    state = seen;
                }
                if (page.get(page.size() - 1).version() >= seen.lastVersion()) {
                    break;
                }
                after = page.get(page.size() - 1).version();
            }
            return state == null ? StreamPage.EMPTY : new StreamPage(page, state);
        });
    }

    /** Adds to {@code page} up to {@code limit} events after {@code after}; the stream's state, or null when no event followed. */
    private @Nullable StreamState readStreamRange(Connection c, String stream, long after, int limit, List<StoredEvent> page)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(readStreamSql)) {
            for (int i = 1; i <= 5; i++) {
                ps.setString(i, stream);
            }
            ps.setLong(6, after);
            ps.setInt(7, limit);
            ps.setString(8, stream);
            ps.setLong(9, after);
            ps.setInt(10, limit);
            StreamState state = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(EventRows.read(rs));
                    if (state == null) {
                        int n = EventRows.COUNT;
                        state = StreamState.stored(rs.getLong(n + 1), rs.getLong(n + 2), rs.getLong(n + 3), rs.getBoolean(n + 4));
                    }
                }
            }
            return state;
        }
    }

    OptionalLong currentVersion(String stream) {
        return jdbc.query("read the version of stream " + Limits.shown(stream), c -> {
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
                ps.setInt(2, limit);
                return EventRows.readAll(ps);
            }
        });
    }

    /**
     * A filtered page, filtered in the query. It reads the head first, then the matching events up to
     * it: commits are in position order (see {@link PostgresAppender}), so every position up to a head
     * that one statement saw is committed and seen by the next, and a page shorter than
     * {@code limit} has scanned the log up to that head.
     */
    LogPage readAll(long afterPosition, int limit, LogFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT ").append(EventRows.COLUMNS).append(" FROM ").append(schema)
                .append(".events WHERE position > ? AND position <= ?");
        if (!filter.streamPrefixes().isEmpty()) {
            sql.append(" AND (").append(String.join(" OR ", Collections.nCopies(filter.streamPrefixes().size(), "starts_with(stream, ?)")))
                    .append(')');
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND type = ANY (?)");
        }
        sql.append(" ORDER BY position LIMIT ?");
        return jdbc.query("read the global log, filtered", c -> {
            long head;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(position), 0) FROM " + schema + ".events");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                head = rs.getLong(1);
            }
            if (head <= afterPosition) {
                return new LogPage(List.of(), afterPosition);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, afterPosition);
                ps.setLong(i++, head);
                for (String prefix : filter.streamPrefixes()) {
                    ps.setString(i++, prefix);
                }
                if (!filter.types().isEmpty()) {
                    ps.setArray(i++, c.createArrayOf("text", filter.types().toArray()));
                }
                ps.setInt(i, limit);
                List<StoredEvent> events = EventRows.readAll(ps);
                return new LogPage(events, events.size() == limit ? events.get(events.size() - 1).position() : head);
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

    /** The highest position of a stored event: removed events and rolled-back appends leave none above it. */
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
        // A stream that a soft delete hides (its last version below deleted_before) is not listed.
        String sql = "SELECT e.stream, max(e.version), (SELECT count(*) FROM " + schema + ".snapshots s WHERE s.stream = e.stream) "
                + "FROM " + schema + ".events e " + (afterStream == null ? "" : "WHERE e.stream > ? ")
                + "GROUP BY e.stream HAVING max(e.version) >= coalesce((SELECT r.deleted_before FROM " + schema
                + ".removed_streams r WHERE r.stream = e.stream), 0) ORDER BY e.stream LIMIT ?";
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

    /** Totals, counted: positions have holes, so the head position is no count. One scan of each table. */
    BackendStats stats() {
        String sql = "SELECT (SELECT count(DISTINCT stream) FROM %1$s.events), (SELECT count(*) FROM %1$s.events), "
                + "(SELECT coalesce(max(position), 0) FROM %1$s.events), (SELECT count(*) FROM %1$s.snapshots), "
                + "pg_total_relation_size('%1$s.events') + pg_total_relation_size('%1$s.snapshots')";
        return jdbc.query("read the store's totals", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.formatted(schema)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new BackendStats(rs.getLong(1), rs.getLong(2), rs.getLong(4), rs.getLong(3), rs.getLong(5));
            }
        });
    }
}
