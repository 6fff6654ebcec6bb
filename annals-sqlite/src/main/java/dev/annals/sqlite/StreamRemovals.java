package dev.annals.sqlite;

import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.support.RemovalDecision;
import java.util.OptionalLong;

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
