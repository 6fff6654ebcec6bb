package dev.annals.postgres;

import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.AppendDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link AppendDecision} reads, by the {@code UNIQUE (event_id)} and {@code UNIQUE (stream, version)}
 * indexes, on one connection and in whatever transaction it is in.
 *
 * <p>Not thread-safe: used for one decision, on the thread that holds the connection.
 */
final class EventLookup implements AppendDecision.Lookup<SQLException> {

    private final Connection connection;
    private final String quotedSchema;

    EventLookup(Connection connection, String quotedSchema) {
        this.connection = connection;
        this.quotedSchema = quotedSchema;
    }

    @Override
    public List<StoredEvent> byIds(List<UUID> ids) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + EventRows.COLUMNS + " FROM " + quotedSchema + ".events WHERE event_id = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("uuid", ids.toArray(UUID[]::new)));
            return EventRows.readAll(ps);
        }
    }

    @Override
    public Optional<StoredEvent> at(String stream, long version) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + EventRows.COLUMNS + " FROM " + quotedSchema + ".events WHERE stream = ? AND version = ?")) {
            ps.setString(1, stream);
            ps.setLong(2, version);
            return EventRows.readAll(ps).stream().findFirst();
        }
    }
}
