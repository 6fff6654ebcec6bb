package dev.annals.postgres;

import dev.annals.AnnalsException;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Runs one unit of work on a pooled connection and turns driver failures into {@link StorageException}, or
 * {@link InvalidArgumentException} for a value PostgreSQL refuses.
 */
final class Jdbc {

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final String display;
    private final Runnable onConnectionFailure;

    /** @param onConnectionFailure called when a connection turns out dead, e.g. to evict its idle siblings */
    Jdbc(DataSource dataSource, String display, Runnable onConnectionFailure) {
        this.dataSource = dataSource;
        this.display = display;
        this.onConnectionFailure = onConnectionFailure;
    }

    /**
     * Runs {@code work} in auto-commit mode. {@code what} names the operation for the error message.
     * {@code work} must be safe to run twice: when the connection turns out to be dead (e.g. the pool
     * handed out one that the server closed while restarting), it runs once more on a fresh one.
     */
    <T> T query(String what, Work<T> work) {
        try {
            return attempt(work);
        } catch (SQLException first) {
            if (!PostgresErrors.isConnectionFailure(first)) {
                throw failure(what, first);
            }
            onConnectionFailure.run();
            try {
                return attempt(work);
            } catch (SQLException second) {
                second.addSuppressed(first);
                throw failure(what, second);
            }
        }
    }

    private <T> T attempt(Work<T> work) throws SQLException {
        try (Borrowed borrowed = prepared(dataSource.getConnection())) {
            return work.run(borrowed.connection());
        }
    }

    /**
     * A connection as every statement here expects it: auto-commit on, so that a statement is its
     * own transaction unless {@link #transaction} says otherwise. A user's own pool may hand out
     * connections with auto-commit off, whose appends would be rolled back when returned; their
     * setting is restored when the {@link Borrowed} is closed. (The append function itself refuses to
     * run below READ COMMITTED's fresh snapshot per statement.)
     *
     * <p>A connection that comes inside an open transaction (a user's {@code DataSource} whose connections
     * take part in an outer transaction that has run a statement) is refused and handed back untouched:
     * turning auto-commit on would commit that transaction behind its owner's back. The driver's
     * transaction state tells; a connection that is no pgjdbc one underneath cannot be checked.
     *
     * @throws StorageException when {@code c} is inside an open transaction; nothing was written
     */
    static Borrowed prepared(Connection c) throws SQLException {
        try {
            if (c.isWrapperFor(BaseConnection.class)) {
                TransactionState state = c.unwrap(BaseConnection.class).getTransactionState();
                if (state != TransactionState.IDLE) {
                    throw new StorageException("The DataSource handed out a connection inside an open transaction (state " + state
                            + "); the store commits each of its writes on its own and would commit that transaction with it, "
                            + "so it refuses the connection and nothing was written. Give the store connections outside any "
                            + "transaction (e.g. a DataSource of its own rather than a transaction-bound one)");
                }
            }
            boolean autoCommit = c.getAutoCommit();
            if (!autoCommit) {
                c.setAutoCommit(true);
            }
            return new Borrowed(c, autoCommit);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A connection taken from the data source and prepared by {@link #prepared}; closing it restores the
     * auto-commit setting it came with and hands it back. Not thread-safe.
     */
    static final class Borrowed implements AutoCloseable {

        private final Connection connection;
        private final boolean autoCommit;

        private Borrowed(Connection connection, boolean autoCommit) {
            this.connection = connection;
            this.autoCommit = autoCommit;
        }

        Connection connection() {
            return connection;
        }

        /** Hands the connection back; a failure here changes no outcome, so it is not thrown. */
        @Override
        public void close() {
            try (connection) {
                if (!connection.isClosed() && connection.getAutoCommit() != autoCommit) {
                    connection.setAutoCommit(autoCommit);
                }
            } catch (SQLException ignored) {
                // A connection that cannot be set back or closed is broken: the pool discards it.
            }
        }
    }

    /** A value PostgreSQL refuses (class 22 or 54) is the caller's; anything else is the store's failure. */
    private AnnalsException failure(String what, SQLException e) {
        String reason = PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")";
        if (PostgresErrors.isRejectedValue(e)) {
            return new InvalidArgumentException("Cannot " + what + " in the PostgreSQL store " + display
                    + ": PostgreSQL rejected a value, nothing was changed: " + reason);
        }
        return new StorageException("Cannot " + what + " in the PostgreSQL store " + display + ": " + reason, e);
    }

    /** Runs {@code work} in one transaction, rolled back when it throws; retried like {@link #query}. */
    <T> T transaction(String what, Work<T> work) {
        return query(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                if (!c.isClosed()) {
                    c.setAutoCommit(true);
                }
            }
        });
    }
}
