package dev.annals.sqlite;

import dev.annals.StorageException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * One write (an append, a snapshot save, …) run by the {@link SqliteWriter} inside its own
 * savepoint of a shared transaction.
 *
 * <p>Contract: {@link #apply} either returns (its writes are kept and committed with the batch) or
 * throws (its writes are rolled back to the savepoint and its caller alone gets the exception;
 * an {@code AnnalsException} is passed on as is). It must not commit, roll back the transaction,
 * or keep state between calls.
 */
interface WriteOperation<T extends @Nullable Object> {

    T apply(WriteSession session) throws SQLException;

    /** What the caller gets when the commit of the batch holding this write failed, so the outcome is unknown. */
    default RuntimeException commitFailed(String store, SQLException cause) {
        return new StorageException("SQLite store " + store + " failed to commit a write, which may or may not be stored: "
                + SqlErrors.reason(cause), cause);
    }
}
