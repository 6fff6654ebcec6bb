package dev.annals.sqlite;

import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.support.RemovalDecision;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Deletes and truncations of streams, run by the writer like appends (so serialized with them) and
 * decided by {@link RemovalDecision}. Removed events leave holes in the log; the
 * {@code last_position} trigger keeps their positions from being given again. Stateless.
 */
final class StreamRemovals {

    private static final String SOFT_DELETE = "UPDATE streams SET deleted_before = ? WHERE stream_id = ?";
    private static final String HARD_DELETE = "UPDATE streams SET hard_deleted = 1 WHERE stream_id = ?";
    private static final String TRUNCATE = "UPDATE streams SET truncated_before = ? WHERE stream_id = ?";
    private static final String DELETE_EVENTS_BELOW = "DELETE FROM events WHERE stream_id = ? AND version < ?";
    private static final String CLEAR_SNAPSHOTS = "DELETE FROM snapshots WHERE stream = ?";
    private static final String NEWEST_SNAPSHOT = "SELECT max(version) FROM snapshots WHERE stream = ?";
    private static final String FIRST_EVENT = "SELECT min(version) FROM events WHERE stream_id = ?";
    private static final String RESTORE = "UPDATE streams SET deleted_before = ?, truncated_before = ?, hard_deleted = ? "
            + "WHERE stream_id = ?";
    private static final String REMOVED = "SELECT s.name, s.deleted_before, s.truncated_before, s.hard_deleted, "
            + "(SELECT max(e.version) FROM events e WHERE e.stream_id = s.stream_id) FROM streams s "
            + "WHERE s.name > ? AND (s.deleted_before > 0 OR s.truncated_before > 0 OR s.hard_deleted <> 0) ORDER BY s.name LIMIT ?";

    private StreamRemovals() {
    }

    static WriteOperation<Boolean> delete(String stream, long expectedVersion, DeleteMode mode) {
        return session -> {
            SqliteConnection connection = session.connection();
            EventWrites.StreamHead head = EventWrites.head(connection, stream);
            if (!RemovalDecision.decideDelete(stream, head.state(), expectedVersion, mode)) {
                return false;
            }
            Long existing = head.streamId();
            long streamId = existing != null ? existing : EventWrites.insertStream(connection, stream);
            connection.update(CLEAR_SNAPSHOTS, stream);
            if (mode == DeleteMode.SOFT) {
                connection.update(SOFT_DELETE, RemovalDecision.softDeleted(head.state()).deletedBefore(), streamId);
            } else {
                connection.update(DELETE_EVENTS_BELOW, streamId, Long.MAX_VALUE);
                connection.update(HARD_DELETE, streamId);
            }
            return true;
        };
    }

    /** Records a copied stream's marks, once {@link RemovalDecision#decideRestore} allows it; removes nothing. */
    static WriteOperation<Boolean> restore(String stream, StreamState restored) {
        return session -> {
            SqliteConnection connection = session.connection();
            EventWrites.StreamHead head = EventWrites.head(connection, stream);
            Long existing = head.streamId();
            Long first = existing == null ? null : connection.queryLong(FIRST_EVENT, existing);
            if (!RemovalDecision.decideRestore(stream, head.state(), first == null ? OptionalLong.empty() : OptionalLong.of(first),
                    restored)) {
                return false;
            }
            long streamId = existing != null ? existing : EventWrites.insertStream(connection, stream);
            connection.update(RESTORE, restored.deletedBefore(), restored.truncatedBefore(), restored.hardDeleted() ? 1 : 0, streamId);
            return true;
        };
    }

    /** Up to {@code limit} deleted or truncated streams after {@code afterStream}, by name, read on {@code connection}. */
    static List<StoredStreamState> list(SqliteConnection connection, @Nullable String afterStream, int limit) throws SQLException {
        PreparedStatement query = connection.prepare(REMOVED);
        query.setString(1, afterStream == null ? "" : afterStream);
        query.setInt(2, limit);
        List<StoredStreamState> result = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                long last = row.getLong(5);
                if (row.wasNull()) {
                    last = -1;
                }
                result.add(new StoredStreamState(row.getString(1),
                        StreamState.stored(last, row.getLong(2), row.getLong(3), row.getInt(4) != 0)));
            }
        }
        return result;
    }

    static WriteOperation<Boolean> truncate(String stream, long beforeVersion) {
        return session -> {
            SqliteConnection connection = session.connection();
            EventWrites.StreamHead head = EventWrites.head(connection, stream);
            Long newest = connection.queryLong(NEWEST_SNAPSHOT, stream);
            StreamState state = head.state();
            if (!RemovalDecision.decideTruncate(stream, state, beforeVersion,
                    newest == null ? OptionalLong.empty() : OptionalLong.of(newest))) {
                return false;
            }
            Long streamId = head.streamId();
            if (streamId == null) {
                throw new IllegalStateException("stream " + stream + " has events but no row");
            }
            connection.update(DELETE_EVENTS_BELOW, streamId, beforeVersion);
            connection.update(TRUNCATE, beforeVersion, streamId);
            return true;
        };
    }
}
