package dev.annals.sqlite;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Wakes subscriptions waiting for the log to grow. Two sources bump one change counter:
 * <ul>
 *   <li>an in-process signal, which the backend gives as soon as an append of its own writer has
 *       committed, so a waiting subscription reads on at once;</li>
 *   <li>for commits by other processes (or other backends on the same file), a dedicated read
 *       connection polled every {@value #POLL_MILLIS} ms while anyone waits: {@code PRAGMA
 *       data_version} changes when another connection committed to the file, a check that reads
 *       no page.</li>
 * </ul>
 * A change is not always an append (a checkpoint written elsewhere also changes the file): after
 * one, the waiter reads the head position and waits on unless it passed the position it waits
 * beyond. Nothing is polled while no subscription waits.
 *
 * <p>Thread-safe.
 */
final class AppendWatch implements AutoCloseable {

    static final long POLL_MILLIS = 15;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);

    private final ReaderPool.Opener opener;
    private final LongSupplier head;
    private final Object changed = new Object();
    /** Bumped on every signal or change seen; guarded by {@link #changed}. */
    private long changes;

    private final Object polling = new Object();
    /** Guarded by {@link #polling}. */
    private @Nullable SqliteConnection watcher;
    private long dataVersion = -1;
    private long polledAt = System.nanoTime() - POLL_NANOS;
    private boolean closed;

    /**
     * @param opener opens the dedicated read connection
     * @param head reads the log's head position
     */
    AppendWatch(ReaderPool.Opener opener, LongSupplier head) {
        this.opener = opener;
        this.head = head;
    }

    /** Wakes the waiters: an append of this process committed. */
    void signal() {
        synchronized (changed) {
            changes++;
            changed.notifyAll();
        }
    }

    /** Returns once the head is beyond {@code afterPosition}, or after {@code maxWait}. */
    void await(long afterPosition, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + saturatedNanos(maxWait);
        while (true) {
            long seen = changes();
            if (head.getAsLong() > afterPosition || !awaitChange(seen, deadline)) {
                return;
            }
        }
    }

    /** Waits for the change counter to move past {@code seen}; false when the deadline came first. */
    private boolean awaitChange(long seen, long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (changed) {
                if (changes == seen) {
                    TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, POLL_NANOS));
                }
                if (changes != seen) {
                    return true;
                }
            }
            pollOtherConnections();
        }
    }

    private long changes() {
        synchronized (changed) {
            return changes;
        }
    }

    /** Checks whether another connection committed to the file since the last check; at most once per poll interval. */
    private void pollOtherConnections() {
        boolean moved;
        synchronized (polling) {
            long now = System.nanoTime();
            if (closed || now - polledAt < POLL_NANOS) {
                return;
            }
            polledAt = now;
            try {
                SqliteConnection connection = watcher;
                if (connection == null) {
                    connection = opener.open();
                    watcher = connection;
                }
                long version = connection.queryLongOr(0, "PRAGMA data_version");
                // a fresh connection has no earlier value: a commit may have come before it, so read the head again
                moved = dataVersion == -1 || version != dataVersion;
                dataVersion = version;
            } catch (SQLException e) {
                // a fresh connection next time; meanwhile the waiter reads the head, which reports a real failure
                closeWatcher();
                moved = true;
            }
        }
        if (moved) {
            signal();
        }
    }

    private void closeWatcher() {
        SqliteConnection connection = watcher;
        watcher = null;
        dataVersion = -1;
        if (connection != null) {
            connection.close();
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return Math.max(0, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** Closes the dedicated connection; waiters then only time out or see a failing head read. */
    @Override
    public void close() {
        synchronized (polling) {
            closed = true;
            closeWatcher();
        }
    }
}
