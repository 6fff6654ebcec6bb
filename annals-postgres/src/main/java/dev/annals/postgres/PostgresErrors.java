package dev.annals.postgres;

import java.io.IOException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Classifies the driver's exceptions by SQLState. Stateless. */
final class PostgresErrors {

    static final String UNIQUE_VIOLATION = "23505";

    private PostgresErrors() {
    }

    /**
     * Whether the connection itself failed (class 08, or the server shut the session down: 57P01–57P03),
     * so that a statement in flight may or may not have been executed and committed.
     */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof IOException;
        }
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /**
     * Whether PostgreSQL refused the values themselves: a data exception (class 22, e.g. a NUL character
     * in text) or a program limit (class 54, e.g. a stream name too long for its index).
     */
    static boolean isRejectedValue(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    /**
     * Whether the server cancelled the statement at a deadline: {@code statement_timeout} (57014, also a cancel
     * request) or {@code lock_timeout} (55P03). The statement's transaction is rolled back; the connection is fine.
     */
    static boolean isTimeout(SQLException e) {
        String state = e.getSQLState();
        return "57014".equals(state) || "55P03".equals(state);
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    /** The constraint a server error names, or the empty string. */
    static String constraint(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getConstraint() != null) {
                return m.getConstraint();
            }
        }
        return "";
    }

    /** The server's message without the driver's decoration. */
    static String message(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return String.valueOf(server.getMessage());
            }
        }
        return String.valueOf(e.getMessage());
    }
}
