package dev.annals.postgres;

import dev.annals.AnnalsException;
import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.support.GroupCommit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL part of group commit: a batch of appends is one auto-commit call of the {@code append_batch}
 * function ({@link PostgresAppender#call}), so one implicit transaction, one lock, one insert and one WAL
 * flush shared by all concurrent writers. Each append keeps its own outcome: a conflict in one leaves the others untouched
 * because the append function reports it without raising an error. If a statement fails (a taken event id,
 * which the batch leaves to the unique index rather than probe for under the lock, see
 * {@link PostgresAppender}; a value PostgreSQL rejects), the implicit transaction is rolled back, so nothing
 * of the batch was stored, and each append runs again on its own, so that only the faulty one fails. A statement
 * the server cancels at its deadline ({@code statement_timeout}, {@code lock_timeout}) fails the whole batch
 * at once, nothing of it stored: running each again would only wait out the deadline once per append. If
 * the connection fails (the driver's socket timeout included: the server vanished or its reply was lost),
 * nobody in the batch can know whether it was stored: each gets {@link AppendOutcomeUnknownException}; the
 * driver has closed that connection, so the pool drops it, and the next batch runs on another.
 *
 * <p>The leader's interrupt: the group commit runs a batch with its leader's interrupt flag cleared, and
 * an interrupt that arrives while the batch waits for a connection does not fail the batch (whose appends
 * are mostly other callers'): the wait starts again (for as long as the connect timeout has not passed since
 * the first one began, so at most about twice that in all), and the flag is set again for the leader.
 *
 * <p>Not thread-safe: run by the leader of the group commit only.
 */
final class AppendBatch implements GroupCommit.Batch<AppendRequest, AppendResult> {

    private static final Logger LOG = LoggerFactory.getLogger(AppendBatch.class);

    private final DataSource dataSource;
    private final PostgresAppender appender;
    private final String display;
    private final Runnable onConnectionFailure;
    private final long connectNanos;

    /**
     * @param onConnectionFailure called when a connection turns out dead, e.g. to evict its idle siblings
     * @param connectMillis how long the waits for a connection that an interrupt cut short may take in all
     */
    AppendBatch(DataSource dataSource, PostgresAppender appender, String display, Runnable onConnectionFailure, long connectMillis) {
        this.dataSource = dataSource;
        this.appender = appender;
        this.display = display;
        this.onConnectionFailure = onConnectionFailure;
        this.connectNanos = connectMillis * 1_000_000;
    }

    @Override
    public void run(List<GroupCommit.Slot<AppendRequest, AppendResult>> batch) {
        try {
            if (!commit(batch)) {
                for (GroupCommit.Slot<AppendRequest, AppendResult> alone : batch) {
                    commit(List.of(alone));
                }
            }
        } catch (RuntimeException e) {
            for (GroupCommit.Slot<AppendRequest, AppendResult> slot : batch) {
                if (!slot.decided()) {
                    slot.fail(new StorageException("The append to stream " + Limits.shown(slot.request().stream())
                            + " in the PostgreSQL store " + display + " failed: " + e, e));
                }
            }
        }
    }

    /**
     * Commits {@code batch} in one auto-commit round trip and decides every append in it.
     *
     * @return false when the batch had several appends and a statement failed, so that none was stored
     *     and none is decided yet
     */
    private boolean commit(List<GroupCommit.Slot<AppendRequest, AppendResult>> batch) {
        List<AppendRequest> requests = batch.stream().map(GroupCommit.Slot::request).toList();
        try (Jdbc.Borrowed borrowed = Jdbc.prepared(connection())) {
            Connection c = borrowed.connection();
            List<PostgresAppender.Report> reports;
            try {
                reports = appender.call(c, requests, false);
            } catch (SQLException e) {
                return failed(c, batch, e);
            }
            for (int i = 0; i < batch.size(); i++) {
                decide(c, batch.get(i), reports.get(i));
            }
        } catch (SQLException e) {
            // No connection to be had, or closing it failed after every append was decided.
            for (GroupCommit.Slot<AppendRequest, AppendResult> slot : batch) {
                if (!slot.decided()) {
                    slot.fail(storageFailure(slot.request(), "nothing of it was stored", e));
                }
            }
        }
        return true;
    }

    /**
     * A connection of the data source, waited for again when an interrupt of the leader cut the wait short
     * (the pool then fails it and sets the flag), within {@code connectMillis} in all; the flag is set again after.
     */
    private Connection connection() throws SQLException {
        long start = System.nanoTime();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return dataSource.getConnection();
                } catch (SQLException e) {
                    boolean cutShort = Thread.interrupted();
                    interrupted |= cutShort;
                    if (!cutShort || System.nanoTime() - start > connectNanos) {
                        throw e;
                    }
                    LOG.debug("The wait for a connection was interrupted; waiting again, the batch is not the interrupted caller's alone");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void decide(Connection c, GroupCommit.Slot<AppendRequest, AppendResult> slot, PostgresAppender.Report report) {
        try {
            slot.complete(appender.decide(c, slot.request(), report));
        } catch (AnnalsException e) {
            slot.fail(e);
        } catch (SQLException e) {
            if (PostgresErrors.isConnectionFailure(e)) {
                onConnectionFailure.run();
            }
            // The function writes only what needs no reading: this append wrote nothing.
            slot.fail(storageFailure(slot.request(), "nothing of it was stored (the events its ids name could not be read)", e));
        } catch (RuntimeException e) {
            slot.fail(new StorageException("The append to stream " + Limits.shown(slot.request().stream())
                    + " in the PostgreSQL store " + display + " failed: " + e, e));
        }
    }

    /** Decides a batch whose statement failed; false when it must run again one append at a time. */
    private boolean failed(Connection c, List<GroupCommit.Slot<AppendRequest, AppendResult>> batch, SQLException e) {
        if (PostgresErrors.isConnectionFailure(e)) {
            onConnectionFailure.run();
            // The implicit transaction commits as the statements complete: it may have been stored just before the failure.
            batch.forEach(slot -> slot.fail(new AppendOutcomeUnknownException(slot.request().stream(), e)));
            return true;
        }
        if (PostgresErrors.isTimeout(e)) {
            batch.forEach(slot -> slot.fail(storageFailure(slot.request(), "nothing of it was stored (the server cancelled the "
                    + "statement at its deadline, the store's operationTimeout, e.g. while another session held the append lock; "
                    + "it may be retried)", e)));
            return true;
        }
        if (batch.size() > 1) {
            LOG.debug("A batch of {} appends failed and was rolled back; running each alone: {}", batch.size(), e.toString());
            return false;
        }
        GroupCommit.Slot<AppendRequest, AppendResult> slot = batch.get(0);
        if (!PostgresErrors.isUniqueViolation(e)) {
            slot.fail(rejected(slot.request(), e));
            return true;
        }
        try {
            slot.complete(appender.afterUniqueViolation(c, slot.request(), e));
        } catch (AnnalsException decided) {
            slot.fail(decided);
        } catch (SQLException other) {
            other.addSuppressed(e);
            slot.fail(storageFailure(slot.request(), "nothing of it was stored", other));
        } catch (RuntimeException other) {
            slot.fail(storageFailure(slot.request(), "nothing of it was stored (" + other + ")", e));
        }
        return true;
    }

    private AnnalsException rejected(AppendRequest request, SQLException e) {
        if (PostgresErrors.isRejectedValue(e)) {
            return new InvalidArgumentException("PostgreSQL rejected the append to stream " + Limits.shown(request.stream())
                    + "; nothing of it was stored: " + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")");
        }
        return storageFailure(request, "nothing of it was stored", e);
    }

    private StorageException storageFailure(AppendRequest request, String outcome, SQLException e) {
        return new StorageException("The append to stream " + Limits.shown(request.stream()) + " in the PostgreSQL store " + display
                + " failed and " + outcome + ": " + PostgresErrors.message(e) + " (SQLState " + e.getSQLState() + ")", e);
    }
}
