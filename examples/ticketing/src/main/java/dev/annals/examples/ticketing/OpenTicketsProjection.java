package dev.annals.examples.ticketing;

import dev.annals.RecordedEvent;
import dev.annals.examples.ticketing.TicketEvent.TicketAssigned;
import dev.annals.examples.ticketing.TicketEvent.TicketOpened;
import dev.annals.examples.ticketing.TicketEvent.TicketReopened;
import dev.annals.examples.ticketing.TicketEvent.TicketResolved;
import dev.annals.subscription.Projection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read model of the ticketing domain, kept in the store's own SQL database (SQLite or PostgreSQL)
 * and updated exactly once: table {@code open_tickets} holds one row per ticket with its assignee and
 * whether it is open, and {@link #openByAssignee} counts the open tickets of each assignee.
 *
 * <p>Stateless: everything it knows is in its table, written in the checkpoint's transaction.
 */
public final class OpenTicketsProjection implements Projection {

    /** The subscription name the demo runs it under. */
    public static final String NAME = "demo-open-tickets";
    /** Tickets that have no assignee are counted under this name. */
    public static final String UNASSIGNED = "(unassigned)";

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS open_tickets "
            + "(ticket_id VARCHAR(36) PRIMARY KEY, assignee VARCHAR(200), is_open INTEGER NOT NULL)";

    @Override
    public void apply(List<RecordedEvent<Object>> batch, Connection connection) throws SQLException {
        create(connection);
        try (PreparedStatement open = connection.prepareStatement("INSERT INTO open_tickets (ticket_id, assignee, is_open) VALUES (?, NULL, 1)");
                PreparedStatement assign = connection.prepareStatement("UPDATE open_tickets SET assignee = ? WHERE ticket_id = ?");
                PreparedStatement state = connection.prepareStatement("UPDATE open_tickets SET is_open = ? WHERE ticket_id = ?")) {
            for (RecordedEvent<Object> recorded : batch) {
                Object event = recorded.event();
                if (event instanceof TicketOpened opened) {
                    open.setString(1, opened.ticketId().toString());
                    open.executeUpdate();
                } else if (event instanceof TicketAssigned assigned) {
                    assign.setString(1, assigned.assignee());
                    assign.setString(2, assigned.ticketId().toString());
                    assign.executeUpdate();
                } else if (event instanceof TicketResolved resolved) {
                    state.setInt(1, 0);
                    state.setString(2, resolved.ticketId().toString());
                    state.executeUpdate();
                } else if (event instanceof TicketReopened reopened) {
                    state.setInt(1, 1);
                    state.setString(2, reopened.ticketId().toString());
                    state.executeUpdate();
                }
            }
        }
    }

    @Override
    public void reset(long position, Connection connection) throws SQLException {
        if (position != 0) {
            throw new SQLException("open_tickets can only be rebuilt from the beginning (position 0), not from " + position);
        }
        create(connection);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM open_tickets");
        }
    }

    /**
     * The open tickets per assignee, as the table holds them now: none before the projection's first batch
     * made the table. Only reads, so it runs on the read-only connections of {@code readModel} too.
     */
    public static Map<String, Long> openByAssignee(Connection connection) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "open_tickets", null)) {
            if (!tables.next()) {
                return counts;
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(assignee, '" + UNASSIGNED + "'), count(*) FROM open_tickets "
                        + "WHERE is_open = 1 GROUP BY assignee")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
    }
}
