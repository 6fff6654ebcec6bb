package dev.annals.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/** Waits of the backend's own tests for a state that other threads or sessions reach, each bounded to 30 s. */
final class Waits {

    private Waits() {
    }

    /** Until {@code condition} holds; an {@link AssertionError} naming {@code what} after 30 s. */
    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /**
     * Until a session of the store waits in {@code server} for an advisory lock (the append lock, held by a test).
     * Polls on a connection of its own: a transaction sees one snapshot of {@code pg_stat_activity}.
     */
    static void waitForAppendWaitingForTheLock(PgServer server) throws Exception {
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'annals' AND wait_event_type = 'Lock' "
                + "AND wait_event = 'advisory' AND datname = current_database()";
        try (Connection admin = server.connect()) {
            waitFor(() -> {
                try (PreparedStatement ps = admin.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "an append waits for the append lock");
        }
    }
}
