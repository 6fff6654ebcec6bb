package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.sql.PreparedStatement;
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

    private static final String STREAM_ID = "SELECT stream_id FROM streams WHERE name = ?";
    private static final String NEXT_STREAM_ID = "SELECT coalesce(max(stream_id), 0) + 1 FROM streams";
    private static final String INSERT_STREAM = "INSERT INTO streams (stream_id, name) VALUES (?, ?)";
    private static final String CURRENT_VERSION = "SELECT max(version) FROM events WHERE stream_id = ?";
    private static final String INSERT_EVENT = "INSERT INTO events (position, stream_id, version, event_id, type, "
            + "schema_version, recorded_at, metadata, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A stream as the write transaction sees it.
     *
     * @param streamId its row, null when it never had events
     * @param version its current version, -1 when it has no events
     */
    record StreamHead(@Nullable Long streamId, long version) {
    }

    private EventWrites() {
    }

    static StreamHead head(SqliteConnection connection, String stream) throws SQLException {
        Long streamId = connection.queryLong(STREAM_ID, stream);
        long version = streamId == null ? -1 : connection.queryLongOr(-1, CURRENT_VERSION, streamId);
        return new StreamHead(streamId, version);
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
            insert.setLong(7, recordedAt);
            insert.setBytes(8, Columns.orNull(event.metadata()));
            insert.setBytes(9, event.payload());
            insert.executeUpdate();
            positions.add(position);
        }
        return new AppendResult(head.version() + events.size(), positions, false);
    }

    private static long insertStream(SqliteConnection connection, String stream) throws SQLException {
        long streamId = connection.queryLongOr(1, NEXT_STREAM_ID);
        PreparedStatement insert = connection.prepare(INSERT_STREAM);
        insert.setLong(1, streamId);
        insert.setString(2, stream);
        insert.executeUpdate();
        return streamId;
    }
}
