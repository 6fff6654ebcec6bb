package dev.annals.postgres;

import dev.annals.StorageException;
import dev.annals.spi.TransactionalCheckpoints;
import dev.annals.subscription.LeaseLostException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Exactly-once projections: the projection's work and the checkpoint are one transaction on a pooled
 * connection. The work runs first, then the fenced checkpoint {@code UPDATE} (its {@code WHERE} names the
 * token, see {@link PostgresSubscriptions#storeCheckpoint}), then the commit; a stale token or any failure
 * rolls everything back. The partition's row is locked only from that {@code UPDATE} to the commit, so
 * an instance paused inside its work does not hold up the instance that takes its lease over; that
 * instance's own checkpoint write makes the paused one's refused when it wakes up.
 *
 * <p>A paused instance keeps its transaction, and the locks its work took on the read model, until it
 * wakes up or the server ends its session. A store opened by URL has the server end a session idle in
 * a transaction after half its {@code operationTimeout} ({@link SessionDeadlines}), which rolls the
 * transaction back: a projection's work must not pause between its statements for longer than that.
 * Over a caller's own {@code DataSource}, set {@code idle_in_transaction_session_timeout} for its connections.
 *
 * <p>Thread-safe; each call uses a connection of its own.
 */
final class PostgresProjections implements TransactionalCheckpoints {

    private final DataSource dataSource;
    private final PostgresSubscriptions subscriptions;
    private final String display;
    private final Runnable ensureOpen;

    /** @param ensureOpen throws when the store is closed */
    PostgresProjections(DataSource dataSource, PostgresSubscriptions subscriptions, String display, Runnable ensureOpen) {
        this.dataSource = dataSource;
        this.subscriptions = subscriptions;
        this.display = display;
        this.ensureOpen = ensureOpen;
    }

    /** Runs {@code query} on a pooled connection in auto-commit mode; what it throws is thrown as is. */
    @Override
    public <T> T query(Query<T> query) throws Exception {
        ensureOpen.run();
        try (Jdbc.Borrowed borrowed = connection()) {
            GuardedConnection guarded = GuardedConnection.guard(borrowed.connection());
            try {
                return query.run(guarded.view());
            } finally {
                guarded.end();
            }
        }
    }

    @Override
    public void inTransaction(String subscription, int partition, long token, long position, Work work) throws Exception {
        ensureOpen.run();
        Jdbc.Borrowed borrowed = connection();
        Connection c = borrowed.connection();
        try {
            begin(c);
            GuardedConnection guarded = GuardedConnection.guard(c);
            try {
                work.run(guarded.view());
            } finally {
                guarded.end();
            }
            if (!store(c, subscription, partition, token, position)) {
                throw new LeaseLostException(subscription, partition, token);
            }
            commit(c, subscription);
        } catch (Exception | Error e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            borrowed.close();
        }
    }

    private Jdbc.Borrowed connection() {
        try {
            return Jdbc.prepared(dataSource.getConnection());
        } catch (SQLException e) {
            throw failure("open a projection's transaction", e);
        }
    }

    private void begin(Connection c) {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw failure("open a projection's transaction", e);
        }
    }

    private boolean store(Connection c, String subscription, int partition, long token, long position) {
        try {
            return subscriptions.storeCheckpoint(c, subscription, partition, token, position);
        } catch (SQLException e) {
            throw failure("save the checkpoint of subscription " + subscription, e);
        }
    }

    private void commit(Connection c, String subscription) {
        try {
            c.commit();
        } catch (SQLException e) {
            throw failure("commit the projection of subscription " + subscription, e);
        }
    }

    private StorageException failure(String what, SQLException e) {
        return new StorageException("Cannot " + what + " in the PostgreSQL store " + display + ": " + PostgresErrors.message(e)
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // A dead connection has rolled back already: the server ends the transaction with the session.
            cause.addSuppressed(e);
        }
    }
}
