package dev.annals.spi.support;

import dev.annals.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Group commit on the callers' own threads: the protocol every backend that commits writes
 * together uses, written once.
 *
 * <p>A caller queues its request and tries the leader lock. The thread that gets it leads: it hands
 * everything queued (up to {@code maxBatch}) to the backend's {@link Batch}, which writes and commits
 * it at once and decides each request, and it keeps leading while its own request is undecided, then
 * for up to {@code extraBatches} more batches while others are queued, so that requests queued during
 * a commit go into the next one without waiting for a thread to wake. Each waiting thread is woken as
 * soon as its request is decided; when the leader steps down it wakes the thread of the oldest queued
 * request, which leads next. Waiting threads park rather than queue on the lock, so they all wake at
 * once instead of one lock hand-over at a time, and a lone writer runs its own request at once.
 *
 * <p>Failures: a request the {@link Batch} leaves undecided fails with a {@link StorageException};
 * a {@link RuntimeException} or {@link Error} thrown by the batch fails every undecided request of
 * it (an {@code Error} is then rethrown to the leader). Interrupts are kept for the caller but do
 * not abandon a queued request, whose outcome would otherwise be unknown.
 *
 * <p>Thread-safe. {@link #submit} blocks until its request is decided.
 *
 * @param <R> a request
 * @param <T> its result
 */
public final class GroupCommit<R, T extends @Nullable Object> implements AutoCloseable {

    /** Writes and commits one batch, deciding each of its slots. Called by one thread at a time. */
    @FunctionalInterface
    public interface Batch<R, T extends @Nullable Object> {
        void run(List<Slot<R, T>> batch);
    }

    /** A waiting thread looks again after this long even if nobody woke it (a safety net, not the hand-off). */
    private static final long PARK_NANOS = 1_000_000;

    private final Batch<R, T> runner;
    private final int maxBatch;
    private final int extraBatches;
    private final Supplier<RuntimeException> closedError;
    private final Queue<Slot<R, T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    /** Guarded by {@link #leader}. */
    private boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param maxBatch the most requests in one batch, so a flood of writers still gets commits at a steady pace
     * @param extraBatches batches a leader runs for others after its own before it steps down
     * @param closedError what requests get once {@link #close} was called
     */
    public GroupCommit(Batch<R, T> runner, int maxBatch, int extraBatches, Supplier<RuntimeException> closedError) {
        if (maxBatch < 1 || extraBatches < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 1 and extraBatches >= 0");
        }
        this.runner = runner;
        this.maxBatch = maxBatch;
        this.extraBatches = extraBatches;
        this.closedError = closedError;
    }

    /**
     * Runs {@code request} in the next batch and returns its result once decided.
     *
     * @throws RuntimeException what the batch decided for this request
     */
    public T submit(R request) {
        Slot<R, T> slot = new Slot<>(request, Thread.currentThread());
        queue.add(slot);
        boolean interrupted = false;
        while (!slot.done) {
            interrupted |= Thread.interrupted(); // cleared meanwhile, or parking would return at once and spin
            if (leader.tryLock()) {
                try {
                    lead(slot);
                } finally {
                    leader.unlock();
                }
                Slot<R, T> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return slot.outcome();
    }

    private void lead(Slot<R, T> own) {
        if (closed) {
            failQueued(closedError.get());
            return;
        }
        int extra = 0;
        while (!own.done || (extra++ < extraBatches && !queue.isEmpty())) {
            runNextBatch();
        }
    }

    private void runNextBatch() {
        List<Slot<R, T>> batch = new ArrayList<>();
        for (Slot<R, T> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            runner.run(batch);
        } catch (RuntimeException | Error e) {
            for (Slot<R, T> slot : batch) {
                if (!slot.decided()) {
                    slot.fail(e instanceof RuntimeException runtime ? runtime
                            : new StorageException("The write failed (nothing of this batch was stored): " + e, e));
                }
            }
            if (e instanceof Error) {
                finish(batch);
                throw e;
            }
        }
        finish(batch);
    }

    private void finish(List<Slot<R, T>> batch) {
        batches.incrementAndGet();
        requests.addAndGet(batch.size());
        for (Slot<R, T> slot : batch) {
            if (!slot.decided()) {
                slot.fail(new StorageException("The write was left undecided by the backend; it may or may not be stored"));
            }
            slot.publish();
        }
    }

    private void failQueued(RuntimeException error) {
        for (Slot<R, T> slot; (slot = queue.poll()) != null; ) {
            slot.fail(error);
            slot.publish();
        }
    }

    /** Batches run so far; with {@link #requests()} it shows how well commits are grouped. */
    public long batches() {
        return batches.get();
    }

    /** Requests run so far in batches. */
    public long requests() {
        return requests.get();
    }

    /** Requests waiting for the next batch. */
    public int queued() {
        return queue.size();
    }

    /**
     * Waits for the running batch, runs {@code closeAction} (e.g. closes the connection) once, and
     * fails queued and later requests with the closed error.
     */
    public void close(Runnable closeAction) {
        leader.lock();
        try {
            if (!closed) {
                closed = true;
                closeAction.run();
            }
            failQueued(closedError.get());
        } finally {
            leader.unlock();
        }
    }

    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * One queued request and its outcome. The leader decides it ({@link #complete} or {@link #fail}),
     * then publishes the outcome through the volatile {@code done} and wakes the waiting thread.
     *
     * @param <R> the request
     * @param <T> its result
     */
    public static final class Slot<R, T extends @Nullable Object> {
        private final R request;
        private final Thread thread;
        private @Nullable T value;
        private @Nullable RuntimeException error;
        private boolean decided;
        private volatile boolean done;

        private Slot(R request, Thread thread) {
            this.request = request;
            this.thread = thread;
        }

        public R request() {
            return request;
        }

        /** Decides the request's result; a later {@link #fail} (the commit failed) overrides it. */
        public void complete(T result) {
            value = result;
            error = null;
            decided = true;
        }

        public void fail(RuntimeException failure) {
            error = failure;
            decided = true;
        }

        public boolean decided() {
            return decided;
        }

        /** Whether the request was decided as failed. */
        public boolean failed() {
            return error != null;
        }

        private void publish() {
            done = true;
            LockSupport.unpark(thread);
        }

        @SuppressWarnings("NullAway") // value is set by complete() whenever error is null
        private T outcome() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }
}
