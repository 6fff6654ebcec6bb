package dev.annals.postgres;

import java.io.IOException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Classifies the driver's exceptions by SQLState. Stateless. */
final class PostgresErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String DISK_FULL = "53100";
    static final String READ_ONLY_TRANSACTION = "25006";
    static final String DATA_CORRUPTED = "XX001";
    static final String INDEX_CORRUPTED = "XX002";

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

    /**
     * The server's message without the driver's decoration, after a plain statement of what happened when the
     * SQLState is one whose message alone does not say it to a user of the store: the disk is full (53100),
     * the server takes no writes (25006), stored data or an index is corrupted (XX001, XX002). Every message
     * about a failed statement is made here, so each backend operation says these things the same way.
     */
    static String message(SQLException e) {
        String plain = plainReason(e.getSQLState());
        String server = serverMessage(e);
        return plain == null ? server : plain + ": " + server;
    }

    private static @Nullable String plainReason(@Nullable String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case DISK_FULL -> "the server's disk is full";
            case READ_ONLY_TRANSACTION -> "the server accepts no writes (it is read-only: default_transaction_read_only is on, "
                    + "or it is a standby)";
            case DATA_CORRUPTED -> "the server found the store's data corrupted";
            case INDEX_CORRUPTED -> "the server found an index of the store corrupted";
            default -> null;
        };
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return String.valueOf(server.getMessage());
            }
        }
        return String.valueOf(e.getMessage());
    }
}
