package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How an append that {@code AppendDecision} allowed is written, shared by the single and the
 * multi-stream append: the stream's row (created on its first event), one row per event at the
 * next versions and at positions given by the {@link WriteSession}. Stateless.
 */
final class EventWrites {

    private static final String HEAD = "SELECT s.stream_id, s.deleted_before, s.truncated_before, s.hard_deleted, "
            + "(SELECT max(e.version) FROM events e WHERE e.stream_id = s.stream_id) FROM streams s WHERE s.name = ?";
    private static final String NEXT_STREAM_ID = "SELECT coalesce(max(stream_id), 0) + 1 FROM streams";
    private static final String INSERT_STREAM = "INSERT INTO streams (stream_id, name) VALUES (?, ?)";
    private static final String INSERT_EVENT = "INSERT INTO events (position, stream_id, version, event_id, type, "
            + "schema_version, recorded_at, metadata, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A stream as the write transaction (or a reader) sees it.
     *
     * @param streamId its row, null when it never had events (nor was deleted)
     * @param state its life ({@link StreamState#stored}): the last version written, its deletes and truncation
     */
    record StreamHead(@Nullable Long streamId, StreamState state) {

        /** The version of the last event written (stored, or below a mark); the next event is written after it. */
        long version() {
            return state.lastVersion();
        }
    }

    private EventWrites() {
    }

    static StreamHead head(SqliteConnection connection, String stream) throws SQLException {
        PreparedStatement query = connection.prepare(HEAD);
        query.setString(1, stream);
        try (ResultSet row = query.executeQuery()) {
            if (!row.next()) {
                return new StreamHead(null, StreamState.NEW);
            }
            long last = row.getLong(5);
            if (row.wasNull()) {
                last = -1;
            }
            return new StreamHead(row.getLong(1), StreamState.stored(last, row.getLong(2), row.getLong(3), row.getInt(4) != 0));
        }
    }

    /**
     * Writes the events of {@code request} after {@code head}.
     *
     * @throws SQLException a constraint violation when an event id is stored already (the caller
     *     rolls back to its savepoint)
     */
    static AppendResult insert(WriteSession session, AppendRequest request, StreamHead head) throws SQLException {
        SqliteConnection connection = session.connection();
        long recordedAt = Columns.nanos(request.recordedAt(), "recordedAt");
        Long existing = head.streamId();
        long streamId = existing != null ? existing : insertStream(connection, request.stream());
        List<NewEvent> events = request.events();
        long firstPosition = session.allocatePositions(events.size());
        PreparedStatement insert = connection.prepare(INSERT_EVENT);
        List<Long> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            long position = firstPosition + i;
            insert.setLong(1, position);
            insert.setLong(2, streamId);
            insert.setLong(3, head.version() + 1 + i);
            insert.setBytes(4, Columns.uuid(event.eventId()));
            insert.setString(5, event.type());
            insert.setInt(6, event.schemaVersion());
            insert.setLong(7, event.recordedAt() == null ? recordedAt : Columns.nanos(request.recordedAtOf(event), "recordedAt"));
            insert.setBytes(8, Columns.orNull(event.metadata()));
            insert.setBytes(9, event.payload());
            insert.executeUpdate();
            positions.add(position);
        }
        return new AppendResult(head.version() + events.size(), positions, false);
    }

    static long insertStream(SqliteConnection connection, String stream) throws SQLException {
        long streamId = connection.queryLongOr(1, NEXT_STREAM_ID);
        PreparedStatement insert = connection.prepare(INSERT_STREAM);
        insert.setLong(1, streamId);
        insert.setString(2, stream);
        insert.executeUpdate();
        return streamId;
    }
}
