package dev.annals.postgres;

import dev.annals.AnnalsException;
import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits concurrent appends together (group commit), on the callers' own threads.
 *
 * <p>Every caller queues its append; whichever caller holds the leader lock takes everything queued
 * (up to {@code maxBatch}) and commits it, the others wait for their result. Whatever the batch size it
 * is one auto-commit round trip ({@link PostgresAppender#appendAll}): one implicit transaction, one lock,
 * one WAL flush shared by all concurrent writers instead of each queueing for the append lock. Each
 * append keeps its own outcome: a conflict or a duplicate id in one leaves the others untouched because
 * the append function reports those without raising an error. If a statement fails anyway (PostgreSQL
 * rejects a value), the implicit transaction is rolled back, so nothing of the batch was stored, and
 * each append is run again on its own, so only the faulty one fails. If the connection fails, nobody in
 * the batch can know whether it was stored: each gets {@link AppendOutcomeUnknownException}.
 *
 * <p>Thread-safe. Blocking: {@link #append} returns when the append's transaction has ended.
 */
final class GroupCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final DataSource dataSource;
    private final PostgresAppender appender;
    private final int maxBatch;
    private final Runnable onConnectionFailure;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /** @param onConnectionFailure called when a connection turns out dead, e.g. to evict its idle siblings */
    GroupCommitter(DataSource dataSource, PostgresAppender appender, int maxBatch, Runnable onConnectionFailure) {
        this.dataSource = dataSource;
        this.appender = appender;
        this.maxBatch = maxBatch;
        this.onConnectionFailure = onConnectionFailure;
    }

    AppendResult append(AppendRequest request) {
        Pending pending = new Pending(request, Thread.currentThread());
        queue.add(pending);
        // Once queued the append will be decided whatever happens; an interrupt is kept for the caller
        // (cleared meanwhile, or parking would return at once and spin).
        boolean interrupted = false;
        while (!pending.done) {
            interrupted |= Thread.interrupted();
            if (leader.tryLock()) {
                try {
                    while (!pending.done) {
                        commitNextBatch();
                    }
                } finally {
                    leader.unlock();
                }
                // Whoever queued while this thread led, and was not in its batches, leads next.
                Pending next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                // Woken when done or when the leader steps down; the timeout only guards against a missed wake-up.
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.result;
    }

    private void commitNextBatch() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) {
            batch.add(p);
        }
        if (!batch.isEmpty() && !commit(batch)) {
            // A statement failed, so nothing of the batch was stored: each append runs again on its own,
            // so that only the faulty one fails.
            for (Pending alone : batch) {
                commit(List.of(alone));
            }
        }
    }

    /**
     * Commits {@code batch} in one auto-commit round trip and decides every append in it.
     *
     * @return false when the batch had several appends and a statement failed, so that none was stored
     *     and none is decided yet
     */
    private boolean commit(List<Pending> batch) {
        try (Connection c = Jdbc.prepared(dataSource.getConnection())) {
            List<PostgresAppender.Outcome> outcomes;
            try {
                outcomes = appender.appendAll(c, batch.stream().map(p -> p.request).toList());
            } catch (SQLException e) {
                if (PostgresErrors.isConnectionFailure(e)) {
                    onConnectionFailure.run();
                    // The implicit transaction commits as the statements complete: it may have been stored
                    // just before the failure.
                    batch.forEach(p -> p.fail(new AppendOutcomeUnknownException(p.request.stream(), e)));
                    return true;
                }
                if (batch.size() > 1) {
                    LOG.debug("A batch of {} appends failed and was rolled back; running each alone: {}", batch.size(), e.toString());
                    return false;
                }
                Pending p = batch.get(0);
                if (PostgresErrors.isUniqueViolation(e)) {
                    p.succeed(appender.afterUniqueViolation(c, p.request, e));
                } else {
                    p.fail(rejected(p.request.stream(), e));
                }
                return true;
            }
            for (int i = 0; i < batch.size(); i++) {
                PostgresAppender.Outcome outcome = outcomes.get(i);
                if (outcome.failure() != null) {
                    batch.get(i).fail(outcome.failure());
                } else {
                    batch.get(i).succeed(outcome.result());
                }
            }
        } catch (SQLException e) {
            // No connection to be had, or the follow-up query of a unique violation failed.
            batch.forEach(p -> p.fail(new StorageException("The append to stream " + p.request.stream() + " failed: "
                    + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")", e)));
        } catch (AnnalsException e) {
            batch.forEach(p -> p.fail(e));
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.fail(new StorageException("The append to stream " + p.request.stream() + " failed: " + e, e)));
        }
        return true;
    }

    private static AnnalsException rejected(String stream, SQLException e) {
        if (PostgresErrors.isRejectedValue(e)) {
            return new InvalidArgumentException("PostgreSQL rejected the append to stream " + stream
                    + "; nothing of it was stored: " + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")");
        }
        return new StorageException("The append to stream " + stream + " failed and nothing of it was stored: "
                + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** One queued append and, once decided, its outcome. */
    private static final class Pending {
        final AppendRequest request;
        final Thread thread;
        AppendResult result;
        AnnalsException failure;
        volatile boolean done;

        Pending(AppendRequest request, Thread thread) {
            this.request = request;
            this.thread = thread;
        }

        void succeed(AppendResult r) {
            if (done) {
                return;
            }
            result = r;
            done = true;
            LockSupport.unpark(thread);
        }

        void fail(AnnalsException e) {
            if (done) {
                return;
            }
            failure = e;
            done = true;
            LockSupport.unpark(thread);
        }
    }
}
