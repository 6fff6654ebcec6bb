package dev.annals.sqlite;

import dev.annals.StreamState;
import dev.annals.spi.BackendStats;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.StreamPage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The read queries of the store, each one SQL statement (so it sees one consistent commit), run on
 * a connection lent by the {@link ReaderPool}. None reads a range of positions or versions as if
 * they were dense: each orders and counts rows, so pages cross the holes that deleted events
 * leave. A stream whose events were all deleted, or that a soft delete hides, is not listed. Stateless.
 */
final class SqliteReads {

    private static final String STREAM = "SELECT " + EventRows.COLUMNS_OF_ONE_STREAM + " FROM events e "
            + "WHERE e.stream_id = (SELECT stream_id FROM streams WHERE name = ?) AND e.version > ? ORDER BY e.version LIMIT ?";
    /** {@link #STREAM} with the stream's delete and truncation marks on each row (the same {@code streams} row the page is found by). */
    private static final String STREAM_PAGE = "SELECT " + EventRows.COLUMNS_OF_ONE_STREAM + ", s.deleted_before, s.truncated_before, "
            + "s.hard_deleted FROM streams s JOIN events e ON e.stream_id = s.stream_id WHERE s.name = ? AND e.version > ? "
            + "ORDER BY e.version LIMIT ?";
    private static final String CURRENT_VERSION = "SELECT max(e.version) FROM events e "
            + "WHERE e.stream_id = (SELECT stream_id FROM streams WHERE name = ?)";
    private static final String ALL = "SELECT " + EventRows.COLUMNS + " FROM events e JOIN streams s ON s.stream_id = e.stream_id "
            + "WHERE e.position > ? ORDER BY e.position LIMIT ?";
    private static final String ALL_BACKWARD = "SELECT " + EventRows.COLUMNS
            + " FROM events e JOIN streams s ON s.stream_id = e.stream_id WHERE e.position < ? ORDER BY e.position DESC LIMIT ?";
    static final String HEAD = "SELECT max(position) FROM events";
    /** A stream that reads as present: it has an event that a soft delete did not hide. */
    private static final String LIVE = "(SELECT max(version) FROM events e WHERE e.stream_id = s.stream_id) >= s.deleted_before";
    private static final String STREAM_INFO = "SELECT s.name, (SELECT max(version) FROM events e WHERE e.stream_id = s.stream_id), "
            + "(SELECT count(*) FROM snapshots n WHERE n.stream = s.name) FROM streams s WHERE " + LIVE;
    private static final String STREAMS_AFTER = STREAM_INFO + " AND s.name > ? ORDER BY s.name LIMIT ?";
    private static final String STREAMS_FIRST = STREAM_INFO + " AND ? IS NULL ORDER BY s.name LIMIT ?";
    private static final String STATS = "SELECT (SELECT count(*) FROM streams s WHERE " + LIVE + "), "
            + "(SELECT count(*) FROM events), (SELECT count(*) FROM snapshots), (SELECT coalesce(max(position), 0) FROM events)";
    private static final String SNAPSHOT_COLUMNS = "stream, version, created_at, fingerprint, hash, state";
    private static final String SNAPSHOTS = "SELECT " + SNAPSHOT_COLUMNS + " FROM snapshots WHERE stream = ? ORDER BY version DESC";
    private static final String SNAPSHOT_AT_OR_BEFORE = "SELECT " + SNAPSHOT_COLUMNS
            + " FROM snapshots WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT 1";

    private SqliteReads() {
    }

    static List<StoredEvent> stream(SqliteConnection connection, String stream, long afterVersion, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(STREAM);
        query.setString(1, stream);
        query.setLong(2, afterVersion);
        query.setInt(3, limit);
        return events(query, stream);
    }

    /**
     * A page with the stream's delete and truncation marks, read from the row in the table of streams the page is found
     * by. A stream that has marks also needs its last version: it is read after the page, on the same connection,
     * so that the state is as new as the page or newer, as {@link dev.annals.spi.StreamRemoval#readStreamPage}
     * asks. A stream without marks needs no second statement: the page crosses any hole in the versions, so when
     * it holds fewer than {@code limit} events its last one is the stream's last, and a full page's last version
     * is what {@link StreamPage} allows. (A second statement for every page cost 16 % of a 10-event stream's load.)
     */
    static StreamPage streamPage(SqliteConnection connection, String stream, long afterVersion, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(STREAM_PAGE);
        query.setString(1, stream);
        query.setLong(2, afterVersion);
        query.setInt(3, limit);
        List<StoredEvent> events = new ArrayList<>();
        boolean marked = false;
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (events.isEmpty()) {
                    int n = EventRows.COLUMN_COUNT;
                    marked = rows.getLong(n + 1) != 0 || rows.getLong(n + 2) != 0 || rows.getInt(n + 3) != 0;
                }
                events.add(EventRows.read(rows, stream));
            }
        }
        if (events.isEmpty()) {
            return StreamPage.EMPTY;
        }
        StreamState state = marked ? EventWrites.head(connection, stream).state() : StreamState.of(events.get(events.size() - 1).version());
        return new StreamPage(events, state);
    }

    /** The version of the stream's last event, empty when it has none. */
    static OptionalLong currentVersion(SqliteConnection connection, String stream) throws SQLException {
        Long version = connection.queryLong(CURRENT_VERSION, stream);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    static List<StoredEvent> all(SqliteConnection connection, long afterPosition, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(ALL);
        query.setLong(1, afterPosition);
        query.setInt(2, limit);
        return events(query, null);
    }

    /**
     * A filtered page, filtered in the query. It reads the head first, then the matching events up to
     * it: positions become visible only by commit, in commit order, so every position up to a head that
     * one statement saw is seen by the next, and a page shorter than {@code limit} has scanned the log
     * up to that head.
     */
    static LogPage all(SqliteConnection connection, long afterPosition, int limit, LogFilter filter) throws SQLException {
        Long head = connection.queryLong(HEAD);
        if (head == null || head <= afterPosition) {
            return new LogPage(List.of(), afterPosition);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(EventRows.COLUMNS)
                .append(" FROM events e JOIN streams s ON s.stream_id = e.stream_id WHERE e.position > ? AND e.position <= ?");
        if (!filter.streamPrefixes().isEmpty()) {
            sql.append(" AND (").append(String.join(" OR ",
                    Collections.nCopies(filter.streamPrefixes().size(), "substr(s.name, 1, length(?)) = ?"))).append(')');
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND e.type IN (").append(String.join(", ", Collections.nCopies(filter.types().size(), "?"))).append(')');
        }
        sql.append(" ORDER BY e.position LIMIT ?");
        PreparedStatement query = connection.prepare(sql.toString());
        int i = 1;
        query.setLong(i++, afterPosition);
        query.setLong(i++, head);
        for (String prefix : filter.streamPrefixes()) {
            query.setString(i++, prefix);
            query.setString(i++, prefix);
        }
        for (String type : filter.types()) {
            query.setString(i++, type);
        }
        query.setInt(i, limit);
        List<StoredEvent> events = events(query, null);
        return new LogPage(events, events.size() == limit ? events.get(events.size() - 1).position() : head);
    }

    static List<StoredEvent> allBackward(SqliteConnection connection, long beforePosition, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(ALL_BACKWARD);
        query.setLong(1, beforePosition);
        query.setInt(2, limit);
        return events(query, null);
    }

    static List<StreamInfo> streams(SqliteConnection connection, @Nullable String afterStream, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(afterStream == null ? STREAMS_FIRST : STREAMS_AFTER);
        query.setString(1, afterStream);
        query.setInt(2, limit);
        List<StreamInfo> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long version = rows.getLong(2);
                result.add(new StreamInfo(rows.getString(1), rows.wasNull() ? -1 : version, rows.getInt(3)));
            }
        }
        return result;
    }

    /** The totals, read in one statement; the head is the highest stored position, 0 when there is none. */
    static BackendStats stats(SqliteConnection connection, long sizeBytes) throws SQLException {
        try (ResultSet row = connection.prepare(STATS).executeQuery()) {
            row.next();
            return new BackendStats(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), sizeBytes);
        }
    }

    static List<StoredSnapshot> snapshots(SqliteConnection connection, String stream) throws SQLException {
        PreparedStatement query = connection.prepare(SNAPSHOTS);
        query.setString(1, stream);
        return snapshots(query);
    }

    static List<StoredSnapshot> snapshotAtOrBefore(SqliteConnection connection, String stream, long version) throws SQLException {
        PreparedStatement query = connection.prepare(SNAPSHOT_AT_OR_BEFORE);
        query.setString(1, stream);
        query.setLong(2, version);
        return snapshots(query);
    }

    private static List<StoredEvent> events(PreparedStatement query, @Nullable String stream) throws SQLException {
        List<StoredEvent> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(EventRows.read(rows, stream));
            }
        }
        return result;
    }

    private static List<StoredSnapshot> snapshots(PreparedStatement query) throws SQLException {
        List<StoredSnapshot> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(new StoredSnapshot(rows.getString(1), rows.getLong(2), Columns.instant(rows.getLong(3)),
                        rows.getString(4), rows.getString(5), rows.getBytes(6)));
            }
        }
        return result;
    }
}
