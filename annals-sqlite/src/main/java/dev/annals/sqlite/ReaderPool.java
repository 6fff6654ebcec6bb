package dev.annals.sqlite;

import dev.annals.StorageException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Read-only connections, opened on demand up to a bound and kept for reuse with their cached
 * statements. In WAL mode a reader sees the last commit made before its query began and never
 * waits for the writer.
 *
 * <p>Thread-safe: each connection is lent to one thread at a time.
 */
final class ReaderPool implements AutoCloseable {

    /** Opens a new reader connection. */
    interface Opener {
        SqliteConnection open() throws SQLException;
    }

    /** A query run on a lent connection. */
    interface Query<T> {
        T run(SqliteConnection connection) throws SQLException;
    }

    private final Opener opener;
    private final String store;
    private final int maxReaders;
    private final Semaphore permits;
    private final Duration connectTimeout;
    private final Deque<SqliteConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** @param connectTimeout how long a read waits for a free connection when all {@code maxReaders} are lent */
    ReaderPool(Opener opener, String store, int maxReaders, Duration connectTimeout) {
        this.opener = opener;
        this.store = store;
        this.maxReaders = maxReaders;
        this.permits = new Semaphore(maxReaders);
        this.connectTimeout = connectTimeout;
    }

    /**
     * Runs {@code query} on a free connection, waiting for one when all are lent, at most the connect timeout.
     *
     * @throws StorageException naming the store and {@code what} when no connection was free in time (nothing
     *     was read), SQLite fails or the store is closed
     */
    <T> T read(String what, Query<T> query) {
        acquire(what);
        try {
            ensureOpen();
            SqliteConnection connection = idle.pollFirst();
            try {
                if (connection == null) {
                    connection = opener.open();
                }
                T result = query.run(connection);
                giveBack(connection);
                return result;
            } catch (SQLException e) {
                if (connection != null) {
                    connection.close(); // a fresh one is cheaper than doubting this one
                }
                ensureOpen();
                throw SqlErrors.storage(store, what, e);
            } catch (RuntimeException | Error e) {
                if (connection != null) {
                    connection.close(); // never lend out a connection whose statement was left midway
                }
                throw e;
            }
        } finally {
            permits.release();
        }
    }

    /**
     * Takes a permit within the connect timeout. An interrupt does not cut the wait short (as before there was a
     * deadline, a read is not failed by an interrupt); the flag is set again afterwards.
     */
    private void acquire(String what) {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new StorageException("SQLite store " + store + " failed to " + what + ": no read connection was free within "
                            + "the connectTimeout of " + connectTimeout.toMillis() + " ms (all " + maxReaders + " were in use, e.g. by "
                            + "long projection queries); nothing was read, the read may be retried");
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void giveBack(SqliteConnection connection) {
        idle.offerFirst(connection);
        if (closed) {
            closeIdle();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("The SQLite store " + store + " is closed");
        }
    }

    private void closeIdle() {
        for (SqliteConnection connection; (connection = idle.pollFirst()) != null; ) {
            connection.close();
        }
    }

    /** Closes the idle connections now and each lent one when it is given back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }
}
