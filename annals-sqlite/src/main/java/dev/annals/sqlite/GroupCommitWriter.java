package dev.annals.sqlite;

import dev.annals.AnnalsException;
import dev.annals.StorageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The store's single writer: one connection, and group commit over it.
 *
 * <p>A caller queues its {@link WriteOperation} and tries the writer's lock. The thread that gets it
 * leads: it runs every queued operation (its own and those of threads waiting meanwhile) in one
 * transaction and commits once, so concurrent writers share one fsync instead of waiting for one
 * each. It keeps leading for a few more batches while operations queue up during its commits, and
 * wakes each waiting thread as soon as that thread's operation is committed; waiting threads park
 * rather than queue on the lock, so they all wake at once instead of one lock hand-over at a time.
 * A lone writer runs its own operation at once, with no hand-off to another thread.
 *
 * <p>Each operation runs inside its own savepoint: one that throws (a version conflict, a duplicate
 * id) is rolled back alone and its caller alone gets the exception; the others in the batch commit.
 * A failure of the transaction itself (it cannot begin, a savepoint cannot be rolled back, the
 * commit fails) fails every operation of the batch.
 *
 * <p>Thread-safe. {@link #submit} blocks until the caller's operation is committed or failed.
 */
final class GroupCommitWriter implements AutoCloseable {

    /** Bounds one transaction, so a flood of writers still gets commits at a steady pace. */
    private static final int MAX_BATCH = 512;
    /** Batches a leader runs for others after its own, before it hands leadership on. */
    private static final int EXTRA_BATCHES = 8;
    /** A waiting thread looks again after this long even if nobody woke it (a safety net, not the hand-off). */
    private static final long PARK_NANOS = 1_000_000;

    private final WriteSession session;
    private final String store;
    private final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Written under {@link #lock}; read by tests and reports. */
    private volatile long transactions;
    private volatile long operations;

    GroupCommitWriter(SqliteConnection connection, String store) {
        this.session = new WriteSession(connection);
        this.store = store;
    }

    /**
     * Runs {@code operation} in the next group commit and returns its result once committed.
     *
     * @throws AnnalsException what the operation threw, or a {@link StorageException} when the
     *     transaction failed or the store is closed
     */
    <T extends @Nullable Object> T submit(WriteOperation<T> operation) {
        Pending<T> pending = new Pending<>(operation, Thread.currentThread());
        queue.add(pending);
        // Once queued the operation will be decided whatever happens; an interrupt is kept for the
        // caller (cleared meanwhile, or parking would return at once and spin).
        boolean interrupted = false;
        while (!pending.done) {
            interrupted |= Thread.interrupted();
            if (lock.tryLock()) {
                try {
                    lead(pending);
                } finally {
                    lock.unlock();
                }
                wakeNextLeader();
            } else {
                // The leader wakes this thread when its operation is done, or when it stops leading.
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.outcome();
    }

    /**
     * Runs batches until the caller's operation is done, then a few more while others wait, so that
     * operations queued during a commit go into the next one without waiting for a thread to wake.
     */
    private void lead(Pending<?> own) {
        if (closed) {
            failQueued(new StorageException("The SQLite store " + store + " is closed"));
            return;
        }
        int extra = 0;
        while (!own.done || (extra++ < EXTRA_BATCHES && !queue.isEmpty())) {
            runBatchOrFailIt();
        }
    }

    /** Hands leadership on: wakes the thread of the oldest queued operation, if any. */
    private void wakeNextLeader() {
        Pending<?> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    private void failQueued(RuntimeException error) {
        for (Pending<?> pending; (pending = queue.poll()) != null; ) {
            pending.error = error;
            pending.finish();
        }
    }

    /**
     * Runs a batch; an {@link Error} (out of memory, say) in the middle rolls the transaction back
     * and fails every operation of the batch before it propagates, so that no writer waits for ever.
     */
    private void runBatchOrFailIt() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        try {
            runBatch(batch);
        } catch (Error e) {
            rollbackQuietly();
            for (Pending<?> pending : batch) {
                if (!pending.done) {
                    pending.error = new StorageException("SQLite store " + store
                            + " failed to write (nothing of this batch was stored): " + e, e);
                    pending.finish();
                }
            }
            throw e;
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            session.begin();
        } catch (SQLException e) {
            failAll(batch, SqlErrors.storage(store, "start a write transaction (nothing was written)", e));
            return;
        }
        for (Pending<?> pending : batch) {
            if (!runInSavepoint(pending)) {
                abort(batch);
                return;
            }
        }
        try {
            session.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            for (Pending<?> pending : batch) {
                if (pending.error == null) {
                    pending.error = pending.operation.commitFailed(store, e);
                }
            }
        }
        transactions++;
        for (Pending<?> pending : batch) {
            pending.finish();
        }
        operations += batch.size();
    }

    /** Transactions the writer has run (committed or not); with {@link #operations()} it shows how well commits are grouped. */
    long transactions() {
        return transactions;
    }

    /** Operations the writer has run in its transactions. */
    long operations() {
        return operations;
    }

    /** Operations waiting for the next transaction. */
    int queued() {
        return queue.size();
    }

    /** Runs one operation; false when its savepoint could not be undone, so the whole transaction is lost. */
    private boolean runInSavepoint(Pending<?> pending) {
        try {
            session.savepoint();
        } catch (SQLException e) {
            pending.error = SqlErrors.storage(store, "open a savepoint (nothing was written)", e);
            return false;
        }
        try {
            pending.run(session);
            session.release();
            return true;
        } catch (AnnalsException e) {
            pending.error = e;
        } catch (SQLException e) {
            pending.error = SqlErrors.storage(store, "write (nothing was written)", e);
        } catch (RuntimeException e) {
            pending.error = new StorageException("SQLite store " + store + " failed to write (nothing was written): " + e, e);
        }
        try {
            session.rollbackToSavepoint();
            session.release();
            return true;
        } catch (SQLException e) {
            // SQLite rolls the whole transaction back on some errors (I/O, full disk): nothing survives
            return false;
        }
    }

    private void abort(List<Pending<?>> batch) {
        rollbackQuietly();
        StorageException aborted = new StorageException("SQLite store " + store
                + " had to roll back a write transaction; nothing of this append or write was stored");
        for (Pending<?> pending : batch) {
            if (pending.error == null) { // it succeeded or never ran; a refused one keeps its reason
                pending.error = aborted;
            }
            pending.finish();
        }
    }

    private void failAll(List<Pending<?>> batch, RuntimeException error) {
        for (Pending<?> pending : batch) {
            pending.error = error;
            pending.finish();
        }
    }

    private void rollbackQuietly() {
        try {
            session.rollback();
        } catch (SQLException ignored) {
            // no transaction is left open, which is all that matters
        }
    }

    /** Closes the connection once the running batch is done; queued and later writes fail as closed. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                session.connection().close();
            }
            failQueued(new StorageException("The SQLite store " + store + " is closed"));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A queued operation and its outcome. The lead thread writes the outcome, then {@link #finish}
     * publishes it through the volatile {@code done} and wakes the waiting thread.
     */
    private static final class Pending<T extends @Nullable Object> {
        final WriteOperation<T> operation;
        final Thread thread;
        @Nullable T value;
        @Nullable RuntimeException error;
        volatile boolean done;

        Pending(WriteOperation<T> operation, Thread thread) {
            this.operation = operation;
            this.thread = thread;
        }

        void finish() {
            done = true;
            LockSupport.unpark(thread);
        }

        void run(WriteSession session) throws SQLException {
            value = operation.apply(session);
        }

        @SuppressWarnings("unchecked") // set by run() whenever error is null
        T outcome() {
            if (error != null) {
                throw error;
            }
            return (T) value;
        }
    }
}
