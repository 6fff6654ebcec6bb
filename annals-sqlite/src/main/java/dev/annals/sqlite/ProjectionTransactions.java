package dev.annals.sqlite;

import dev.annals.AnnalsException;
import dev.annals.spi.TransactionalCheckpoints;

/**
 * Exactly-once projections: the projection's work runs on the writer's connection, as one
 * {@link WriteOperation} in its own savepoint of a write transaction, and the checkpoint is stored
 * in the same savepoint after the fencing check; both commit together or not at all. The token is
 * checked before the work runs, so a fenced-off instance does no work; the check holds to the
 * commit, since the writer keeps SQLite's write lock (across processes) until then.
 *
 * <p><b>Warning:</b> there is one writer per SQLite file: while a projection's work runs, every other
 * write to the file (appends included, from any process) waits for it. Keep the work to the batch's
 * writes. The connection must not be committed, rolled back or closed; {@link ProjectionConnection}
 * refuses those calls.
 *
 * <p>Thread-safe.
 */
final class ProjectionTransactions implements TransactionalCheckpoints {

    private final SqliteWriter writer;
    private final ReaderPool readers;

    ProjectionTransactions(SqliteWriter writer, ReaderPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /** Runs {@code query} on a read connection of the pool: it sees the last commit and never waits for the writer. */
    @Override
    public <T> T query(Query<T> query) throws Exception {
        try {
            return readers.read("run a projection's query", c -> {
                ProjectionConnection guarded = ProjectionConnection.guard(c.jdbc());
                try {
                    return query.run(guarded.view());
                } catch (Exception e) {
                    throw new WorkFailed(e);
                } finally {
                    guarded.end();
                }
            });
        } catch (WorkFailed e) {
            throw e.work;
        }
    }

    @Override
    public void inTransaction(String subscription, int partition, long token, long position, Work work) throws Exception {
        try {
            writer.submit(session -> {
                SqliteConnection connection = session.connection();
                SubscriptionWrites.requireCurrent(connection, subscription, partition, token);
                ProjectionConnection guarded = ProjectionConnection.guard(connection.jdbc());
                try {
                    work.run(guarded.view());
                } catch (Exception e) {
                    throw new WorkFailed(e);
                } finally {
                    guarded.end();
                }
                SubscriptionWrites.storeCheckpoint(connection, subscription, partition, token, position);
                return Boolean.TRUE;
            });
        } catch (WorkFailed e) {
            throw e.work;
        }
    }

    /** Carries the work's own exception through the writer, which rolls its savepoint back, to the caller. */
    private static final class WorkFailed extends AnnalsException {
        final Exception work;

        WorkFailed(Exception work) {
            super("the projection's work or query failed", work);
            this.work = work;
        }
    }
}
