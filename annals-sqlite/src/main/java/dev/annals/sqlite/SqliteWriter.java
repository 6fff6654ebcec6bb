package dev.annals.sqlite;

import dev.annals.AnnalsException;
import dev.annals.StorageException;
import dev.annals.spi.support.GroupCommit;
import org.jspecify.annotations.Nullable;

/**
 * The store's single writer: one connection, and {@link GroupCommit} over it. Concurrent writes
 * share a transaction and its fsync ({@link WriteBatch}), each still atomic in its own savepoint;
 * a lone writer runs its own write at once, with no hand-off to another thread.
 *
 * <p>Thread-safe. {@link #submit} blocks until the caller's write is committed or failed.
 */
final class SqliteWriter implements AutoCloseable {

    /** Bounds one transaction, so a flood of writers still gets commits at a steady pace. */
    private static final int MAX_BATCH = 512;
    /** Batches a leader runs for others after its own, before it hands leadership on. */
    private static final int EXTRA_BATCHES = 8;

    private final SqliteConnection connection;
    private final GroupCommit<WriteOperation<?>, @Nullable Object> commits;

    SqliteWriter(SqliteConnection connection, String store) {
        this.connection = connection;
        this.commits = new GroupCommit<>(new WriteBatch(new WriteSession(connection), store), MAX_BATCH, EXTRA_BATCHES,
                () -> new StorageException("The SQLite store " + store + " is closed"));
    }

    /**
     * Runs {@code operation} in the next group commit and returns its result once committed.
     *
     * @throws AnnalsException what the operation threw, or a {@link StorageException} when the
     *     transaction failed or the store is closed
     */
    @SuppressWarnings("unchecked") // the slot of an operation holds what that operation returned
    <T extends @Nullable Object> T submit(WriteOperation<T> operation) {
        return (T) commits.submit(operation);
    }

    /** Transactions run (committed or not); with {@link #operations()} it shows how well commits are grouped. */
    long transactions() {
        return commits.batches();
    }

    /** Operations run in those transactions. */
    long operations() {
        return commits.requests();
    }

    /** The group commit every write goes through, for its batch sizes to be observed. */
    GroupCommit<WriteOperation<?>, @Nullable Object> groupCommit() {
        return commits;
    }

    /** Operations waiting for the next transaction. */
    int queued() {
        return commits.queued();
    }

    /** Closes the connection once the running transaction is done; queued and later writes fail as closed. */
    @Override
    public void close() {
        commits.close(connection::close);
    }
}
