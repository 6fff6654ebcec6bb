package dev.annals.sqlite;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendIdempotency;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One append, run by the writer in its own savepoint, with the semantics of the reference
 * {@code MemoryBackend}: a retry of an already stored append returns its original outcome, a
 * reused id is a {@code DuplicateEventIdException}, a version mismatch an
 * {@code EventStoreConflictException}, an empty append is checked and writes nothing.
 *
 * <p>Stored ids are looked up only when needed: when the version does not match (a retry comes
 * after its own events) or when an insert breaks a unique constraint (an id stored before).
 * Immutable.
 */
final class AppendOperation implements WriteOperation<AppendResult> {

    private static final String STREAM_ID = "SELECT stream_id FROM streams WHERE name = ?";
    private static final String NEXT_STREAM_ID = "SELECT coalesce(max(stream_id), 0) + 1 FROM streams";
    private static final String INSERT_STREAM = "INSERT INTO streams (stream_id, name) VALUES (?, ?)";
    private static final String CURRENT_VERSION = "SELECT max(version) FROM events WHERE stream_id = ?";
    private static final String INSERT_EVENT = "INSERT INTO events (position, stream_id, version, event_id, type, "
            + "schema_version, recorded_at, metadata, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_EVENT_ID = "SELECT " + EventRows.COLUMNS
            + " FROM events e JOIN streams s ON s.stream_id = e.stream_id WHERE e.event_id = ?";

    private final AppendRequest request;
    private final long recordedAt;

    AppendOperation(AppendRequest request) {
        this.request = request;
        this.recordedAt = Columns.nanos(request.recordedAt(), "recordedAt");
    }

    @Override
    public AppendResult apply(WriteSession session) throws SQLException {
        SqliteConnection connection = session.connection();
        Long streamId = connection.queryLong(STREAM_ID, request.stream());
        Long stored = streamId == null ? null : connection.queryLong(CURRENT_VERSION, streamId);
        long current = stored == null ? -1 : stored;
        if (request.checksVersion() && request.expectedVersion() != current) {
            Optional<AppendResult> retry = AppendIdempotency.check(request, storedWithSameIds(connection));
            if (retry.isPresent()) {
                return retry.get();
            }
            throw new EventStoreConflictException(request.stream(), request.expectedVersion(), current);
        }
        if (request.events().isEmpty()) {
            return new AppendResult(current, List.of(), false);
        }
        try {
            return insert(session, streamId, current);
        } catch (SQLException e) {
            if (!SqlErrors.isConstraintViolation(e)) {
                throw e;
            }
            // An id is stored already: undo this append's partial rows, then decide as the reference does.
            session.rollbackToSavepoint();
            Optional<AppendResult> retry = AppendIdempotency.check(request, storedWithSameIds(connection));
            if (retry.isPresent()) {
                return retry.get();
            }
            throw e;
        }
    }

    private AppendResult insert(WriteSession session, Long existingStreamId, long current) throws SQLException {
        SqliteConnection connection = session.connection();
        long streamId;
        if (existingStreamId != null) {
            streamId = existingStreamId;
        } else {
            streamId = connection.queryLong(NEXT_STREAM_ID);
            PreparedStatement insertStream = connection.prepare(INSERT_STREAM);
            insertStream.setLong(1, streamId);
            insertStream.setString(2, request.stream());
            insertStream.executeUpdate();
        }
        List<NewEvent> events = request.events();
        long firstPosition = session.allocatePositions(events.size());
        PreparedStatement insert = connection.prepare(INSERT_EVENT);
        List<Long> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            long position = firstPosition + i;
            insert.setLong(1, position);
            insert.setLong(2, streamId);
            insert.setLong(3, current + 1 + i);
            insert.setBytes(4, Columns.uuid(event.eventId()));
            insert.setString(5, event.type());
            insert.setInt(6, event.schemaVersion());
            insert.setLong(7, recordedAt);
            insert.setBytes(8, Columns.orNull(event.metadata()));
            insert.setBytes(9, event.payload());
            insert.executeUpdate();
            positions.add(position);
        }
        return new AppendResult(current + events.size(), positions, false);
    }

    private List<StoredEvent> storedWithSameIds(SqliteConnection connection) throws SQLException {
        List<StoredEvent> stored = new ArrayList<>();
        PreparedStatement query = connection.prepare(BY_EVENT_ID);
        for (NewEvent event : request.events()) {
            query.setBytes(1, Columns.uuid(event.eventId()));
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    stored.add(EventRows.read(row, null));
                }
            }
        }
        return stored;
    }

    @Override
    public RuntimeException commitFailed(String store, SQLException cause) {
        return new AppendOutcomeUnknownException(request.stream(), cause);
    }
}
