package dev.annals.sqlite;

import dev.annals.AnnalsException;
import dev.annals.StorageException;
import dev.annals.spi.support.GroupCommit;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SQLite part of group commit: one batch of {@link WriteOperation}s in one transaction
 * ({@code BEGIN IMMEDIATE}), each inside its own savepoint, then one commit.
 *
 * <p>An operation that throws (a version conflict, a duplicate id) is rolled back to its savepoint
 * and fails alone; the others commit. A failure of the transaction itself (it cannot begin, a
 * savepoint cannot be rolled back, the positions cannot be stored) fails every operation that was
 * not refused, with nothing stored; a failed {@code COMMIT} leaves their outcome unknown
 * ({@link WriteOperation#commitFailed}). An {@link Error} rolls the transaction back and fails them
 * all before it propagates.
 *
 * <p>Not thread-safe: run by the leader of the group commit only.
 */
final class WriteBatch implements GroupCommit.Batch<WriteOperation<?>, @Nullable Object> {

    private final WriteSession session;
    private final String store;

    WriteBatch(WriteSession session, String store) {
        this.session = session;
        this.store = store;
    }

    @Override
    public void run(List<GroupCommit.Slot<WriteOperation<?>, @Nullable Object>> batch) {
        try {
            runInOneTransaction(batch);
        } catch (RuntimeException | Error e) {
            rollbackQuietly();
            failAllNotRefused(batch, new StorageException("SQLite store " + store
                    + " failed to write (nothing of this batch was stored): " + e, e));
            throw e;
        }
    }

    private void runInOneTransaction(List<GroupCommit.Slot<WriteOperation<?>, @Nullable Object>> batch) {
        try {
            session.begin();
        } catch (SQLException e) {
            failAllNotRefused(batch, SqlErrors.storage(store, "start a write transaction (nothing was written)", e));
            return;
        }
        for (GroupCommit.Slot<WriteOperation<?>, @Nullable Object> slot : batch) {
            SQLException lost = runInSavepoint(slot);
            if (lost != null) {
                abort(batch, lost);
                return;
            }
        }
        try {
            session.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            // A full disk refuses the commit's own writes, so the commit did not happen; any other
            // failure may come after the commit reached the disk.
            boolean notStored = SqlErrors.code(e) == SqlErrors.SQLITE_FULL;
            for (GroupCommit.Slot<WriteOperation<?>, @Nullable Object> slot : batch) {
                if (!slot.failed()) {
                    slot.fail(notStored ? SqlErrors.storage(store, "commit (nothing of it was stored)", e)
                            : slot.request().commitFailed(store, e));
                }
            }
        }
    }

    /**
     * Runs one operation; returns null, or why the transaction is lost (its savepoint could not be
     * opened or undone).
     */
    private @Nullable SQLException runInSavepoint(GroupCommit.Slot<WriteOperation<?>, @Nullable Object> slot) {
        try {
            session.savepoint();
        } catch (SQLException e) {
            slot.fail(SqlErrors.storage(store, "open a savepoint (nothing was written)", e));
            return e;
        }
        try {
            slot.complete(slot.request().apply(session));
            session.release();
            return null;
        } catch (AnnalsException e) {
            slot.fail(e);
        } catch (SQLException e) {
            slot.fail(SqlErrors.storage(store, "write (nothing was written)", e));
        } catch (RuntimeException e) {
            slot.fail(new StorageException("SQLite store " + store + " failed to write (nothing was written): " + e, e));
        }
        try {
            session.rollbackToSavepoint();
            session.release();
            return null;
        } catch (SQLException e) {
            // SQLite rolls the whole transaction back on some errors (I/O, full disk): nothing survives
            return e;
        }
    }

    private void abort(List<GroupCommit.Slot<WriteOperation<?>, @Nullable Object>> batch, SQLException cause) {
        rollbackQuietly();
        failAllNotRefused(batch, new StorageException("SQLite store " + store
                + " had to roll back a write transaction; nothing of this append or write was stored: "
                + SqlErrors.reason(cause), cause));
    }

    /** Fails every operation that succeeded or never ran; a refused one keeps its reason. */
    private static void failAllNotRefused(List<GroupCommit.Slot<WriteOperation<?>, @Nullable Object>> batch,
            RuntimeException error) {
        for (GroupCommit.Slot<WriteOperation<?>, @Nullable Object> slot : batch) {
            if (!slot.failed()) {
                slot.fail(error);
            }
        }
    }

    private void rollbackQuietly() {
        try {
            session.rollback();
        } catch (SQLException ignored) {
            // no transaction is left open, which is all that matters
        }
    }
}
