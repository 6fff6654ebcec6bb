package dev.annals.sqlite;

import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.AppendDecision;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link AppendDecision} reads, read on the writer connection inside the write transaction:
 * stored events by id, and the event of a stream at a version. Not thread-safe (it uses the
 * writer's connection).
 */
final class EventLookup implements AppendDecision.Lookup<SQLException> {

    private static final String BY_EVENT_ID = "SELECT " + EventRows.COLUMNS
            + " FROM events e JOIN streams s ON s.stream_id = e.stream_id WHERE e.event_id = ?";
    private static final String AT_VERSION = "SELECT " + EventRows.COLUMNS_OF_ONE_STREAM + " FROM events e "
            + "WHERE e.stream_id = (SELECT stream_id FROM streams WHERE name = ?) AND e.version = ?";

    private final SqliteConnection connection;

    EventLookup(SqliteConnection connection) {
        this.connection = connection;
    }

    @Override
    public List<StoredEvent> byIds(List<UUID> ids) throws SQLException {
        List<StoredEvent> stored = new ArrayList<>();
        PreparedStatement query = connection.prepare(BY_EVENT_ID);
        for (UUID id : ids) {
            query.setBytes(1, Columns.uuid(id));
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    stored.add(EventRows.read(row, null));
                }
            }
        }
        return stored;
    }

    @Override
    public Optional<StoredEvent> at(String stream, long version) throws SQLException {
        PreparedStatement query = connection.prepare(AT_VERSION);
        query.setString(1, stream);
        query.setLong(2, version);
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(EventRows.read(row, stream)) : Optional.empty();
        }
    }
}
