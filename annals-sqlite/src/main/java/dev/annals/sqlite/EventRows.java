package dev.annals.sqlite;

import dev.annals.spi.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The one column list every event query selects, and how a row becomes a {@link StoredEvent}.
 * Stateless.
 */
final class EventRows {

    /** Columns 1–9, for a query over {@code events e JOIN streams s}. */
    static final String COLUMNS = "s.name, e.version, e.position, e.event_id, e.type, e.schema_version, e.recorded_at, e.metadata, e.payload";

    /** The same columns with the stream name left out (column 1 is a constant), for a query on one stream. */
    static final String COLUMNS_OF_ONE_STREAM = "NULL, e.version, e.position, e.event_id, e.type, e.schema_version, e.recorded_at, e.metadata, e.payload";

    /** How many columns {@link #COLUMNS} and {@link #COLUMNS_OF_ONE_STREAM} have; a query may add its own after them. */
    static final int COLUMN_COUNT = 9;

    private EventRows() {
    }

    /** The current row; {@code stream} is its stream's name when the query did not select it, else null. */
    static StoredEvent read(ResultSet row, @Nullable String stream) throws SQLException {
        return new StoredEvent(
                stream != null ? stream : row.getString(1),
                row.getLong(2),
                row.getLong(3),
                Columns.uuid(row.getBytes(4)),
                row.getString(5),
                row.getInt(6),
                Columns.instant(row.getLong(7)),
                Columns.orEmpty(row.getBytes(8)),
                row.getBytes(9));
    }
}
