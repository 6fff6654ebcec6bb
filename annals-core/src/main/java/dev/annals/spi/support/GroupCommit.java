package dev.annals.spi.support;

import dev.annals.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
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
 * it (an {@code Error} is then rethrown to the leader).
 *
 * <p>Deadlines: no caller waits without bound. A request still queued (no batch has taken it) when
 * its {@code queuedDeadline} has passed since {@link #submit} leaves the queue and fails with a
 * {@link StorageException} saying that nothing of it was written, so it may be retried as is. A
 * request taken into a batch is decided by that batch, whose own time the backend bounds (its
 * connection and statement deadlines); should the batch still run {@code batchBackstop} after it took
 * the request, the caller stops waiting with a {@link StorageException} saying that the outcome is
 * unknown. The backstop is for a backend whose deadlines failed, not for the normal course.
 *
 * <p>Interrupts: an interrupt is kept for the caller whose thread it was (its flag is set again when
 * {@link #submit} returns) but neither abandons its queued request, whose outcome would otherwise be
 * unknown, nor reaches anyone else's request: a leader runs each {@link Batch} with its interrupt flag
 * cleared. An interrupt that arrives while a batch runs is the batch's to ride out (e.g. wait for a
 * connection again, uninterruptibly) rather than to fail the batch with, since most of the requests
 * in it are other callers'.
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

    /** How long a request may stay queued when the backend names no deadline of its own. */
    public static final Duration DEFAULT_QUEUED_DEADLINE = Duration.ofMinutes(2);

    /** How long a caller waits for a batch that took its request when the backend names no backstop of its own. */
    public static final Duration DEFAULT_BATCH_BACKSTOP = Duration.ofMinutes(10);

    private final Batch<R, T> runner;
    private final int maxBatch;
    private final int extraBatches;
    private final Supplier<RuntimeException> closedError;
    private final Duration queuedDeadline;
    private final Duration batchBackstop;
    private final long queuedDeadlineNanos;
    private final long batchBackstopNanos;
    private final Queue<Slot<R, T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    /** Set under {@link #leader}, or without it by a {@link #close} that waited out the backstop. */
    private volatile boolean closed;
    private final AtomicBoolean closeActionRun = new AtomicBoolean();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final List<IntConsumer> batchObservers = new CopyOnWriteArrayList<>();

    /**
     * @param maxBatch the most requests in one batch, so a flood of writers still gets commits at a steady pace
     * @param extraBatches batches a leader runs for others after its own before it steps down
     * @param closedError what requests get once {@link #close} was called
     */
    public GroupCommit(Batch<R, T> runner, int maxBatch, int extraBatches, Supplier<RuntimeException> closedError) {
        this(runner, maxBatch, extraBatches, closedError, DEFAULT_QUEUED_DEADLINE, DEFAULT_BATCH_BACKSTOP);
    }

    /**
     * @param maxBatch the most requests in one batch, so a flood of writers still gets commits at a steady pace
     * @param extraBatches batches a leader runs for others after its own before it steps down
     * @param closedError what requests get once {@link #close} was called
     * @param queuedDeadline how long a request may wait to be taken into a batch before it fails, not
     *     written; longer than one batch can take, so that a request waits out one slow batch ahead of it
     * @param batchBackstop how long a caller waits for the batch that took its request before it gives up
     *     with an unknown outcome; longer than the backend's own deadlines for one batch
     */
    public GroupCommit(Batch<R, T> runner, int maxBatch, int extraBatches, Supplier<RuntimeException> closedError,
            Duration queuedDeadline, Duration batchBackstop) {
        if (maxBatch < 1 || extraBatches < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 1 and extraBatches >= 0");
        }
        if (queuedDeadline.isNegative() || queuedDeadline.isZero() || batchBackstop.isNegative() || batchBackstop.isZero()) {
            throw new IllegalArgumentException("queuedDeadline and batchBackstop must be positive, were " + queuedDeadline
                    + " and " + batchBackstop);
        }
        this.runner = runner;
        this.maxBatch = maxBatch;
        this.extraBatches = extraBatches;
        this.closedError = closedError;
        this.queuedDeadline = queuedDeadline;
        this.batchBackstop = batchBackstop;
        this.queuedDeadlineNanos = saturatedNanos(queuedDeadline);
        this.batchBackstopNanos = saturatedNanos(batchBackstop);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Runs {@code request} in the next batch and returns its result once decided.
     *
     * @throws RuntimeException what the batch decided for this request
     * @throws StorageException when the request waited longer than the deadlines (see the class comment)
     */
    public T submit(R request) {
        if (closed) {
            throw closedError.get();
        }
        long submitted = System.nanoTime();
        Slot<R, T> slot = new Slot<>(request, Thread.currentThread());
        queue.add(slot);
        boolean interrupted = false;
        try {
            while (!slot.done) {
                interrupted |= Thread.interrupted(); // cleared meanwhile, or parking would return at once and spin
                if (leader.tryLock()) {
                    try {
                        interrupted |= lead(slot);
                    } finally {
                        leader.unlock();
                    }
                    Slot<R, T> next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.thread);
                    }
                } else {
                    RuntimeException expired = expired(slot, submitted);
                    if (expired != null) {
                        throw expired;
                    }
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return slot.outcome();
    }

    /** The error of a waiting request past its deadline, or null while it may wait on. */
    private @Nullable RuntimeException expired(Slot<R, T> slot, long submitted) {
        long now = System.nanoTime();
        if (!slot.taken) {
            // remove() and the leader's poll() cannot both win: when it fails, a batch has the request.
            if (now - submitted > queuedDeadlineNanos && queue.remove(slot)) {
                return new StorageException("The write was not stored: it waited " + shown(queuedDeadline) + " for the writes ahead of it, "
                        + "which did not finish in time, and nothing of it was written; it may be retried as it is");
            }
            return null;
        }
        if (now - slot.takenAt > batchBackstopNanos && !slot.done) {
            return new StorageException("The outcome of the write is unknown: the batch that was writing it did not finish within "
                    + shown(batchBackstop) + "; it may or may not be stored");
        }
        return null;
    }

    private static String shown(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Leads while its own request is undecided, and some batches more; true when its thread was interrupted meanwhile. */
    private boolean lead(Slot<R, T> own) {
        if (closed) {
            failQueued(closedError.get());
            return false;
        }
        boolean interrupted = false;
        int extra = 0;
        while (!own.done || (extra++ < extraBatches && !queue.isEmpty())) {
            // Each batch runs with the flag cleared: an interrupt of this caller must not fail others' requests.
            interrupted |= Thread.interrupted();
            runNextBatch();
        }
        boolean late = Thread.interrupted(); // always cleared, so the flag is set once, in submit
        return interrupted || late;
    }

    private void runNextBatch() {
        List<Slot<R, T>> batch = new ArrayList<>();
        long now = System.nanoTime();
        for (Slot<R, T> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            next.takenAt = now;
            next.taken = true;
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
        for (IntConsumer observer : batchObservers) {
            try {
                observer.accept(batch.size());
            } catch (RuntimeException e) {
                // an observer's failure is not the batch's: its requests are decided already
            }
        }
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

    /**
     * Calls {@code observer} with the number of requests of each batch from now on, on the leader's thread
     * right after the batch (for metrics; it must be quick and must not block).
     */
    public void observeBatches(IntConsumer observer) {
        batchObservers.add(java.util.Objects.requireNonNull(observer, "observer"));
    }

    /** Requests waiting for the next batch. */
    public int queued() {
        return queue.size();
    }

    /**
     * Waits for the running batch, runs {@code closeAction} (e.g. closes the connection) once, and
     * fails queued and later requests with the closed error. A batch still running after the batch
     * backstop is not waited for any longer: the close action then runs beside it (closing a pool, for
     * one, aborts the connection the batch is stuck on).
     */
    public void close(Runnable closeAction) {
        boolean locked = false;
        try {
            locked = leader.tryLock(batchBackstopNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for the caller; the store closes all the same
        }
        try {
            closed = true;
            if (closeActionRun.compareAndSet(false, true)) {
                closeAction.run();
            }
            failQueued(closedError.get());
        } finally {
            if (locked) {
                leader.unlock();
            }
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
        /** When a batch took it; written before {@link #taken}, read after it. */
        private long takenAt;
        private volatile boolean taken;

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
