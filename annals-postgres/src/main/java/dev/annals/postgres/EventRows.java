package dev.annals.postgres;

import dev.annals.spi.StoredEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The columns of an event row and their mapping to {@link StoredEvent}. Stateless. */
final class EventRows {

    /** The select list every event query uses, in the order {@link #read} expects. */
    static final String COLUMNS = "stream, version, position, event_id, type, schema_version, "
            // Epoch microseconds computed by the server: exact (also as PostgreSQL 13's double), and far
            // cheaper for the driver than a timestamptz it turns into a calendar date per row.
            + "(extract(epoch FROM recorded_at) * 1000000)::int8, recorded_ns, metadata, payload";

    /** The number of columns in {@link #COLUMNS}; a query may select more after them. */
    static final int COUNT = 10;

    private EventRows() {
    }

    static StoredEvent read(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, UUID.class), rs.getString(5),
                rs.getInt(6), Instants.ofEpochMicros(rs.getLong(7), rs.getShort(8)), rs.getBytes(9), rs.getBytes(10));
    }

    static List<StoredEvent> readAll(PreparedStatement ps) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(read(rs));
            }
        }
        return events;
    }
}
