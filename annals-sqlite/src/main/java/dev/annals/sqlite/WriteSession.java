package dev.annals.sqlite;

import java.sql.SQLException;

/**
 * The writer connection during one group-commit transaction: the savepoint of the current
 * operation and the global positions given in the transaction.
 *
 * <p>Positions continue above the highest stored event and the highest deleted one (the
 * {@code last_position} table, which a trigger keeps on every delete), read once per transaction
 * under SQLite's write lock, so positions are never given twice (not after the newest events were
 * deleted, not across processes writing to the same file) and strictly increase in commit order.
 * An append writes nothing but its events. Not thread-safe: used only by the leader of the group commit.
 */
final class WriteSession {

    private static final long UNREAD = -1;
    private static final String LAST_POSITION = "SELECT max(coalesce((SELECT position FROM last_position WHERE id = 1), 0), "
            + "coalesce((SELECT max(position) FROM events), 0))";

    private final SqliteConnection connection;
    /** The last position given in this transaction (or before it), {@link #UNREAD} until read in this transaction. */
    private long lastGiven = UNREAD;
    private long lastGivenAtSavepoint = UNREAD;

    WriteSession(SqliteConnection connection) {
        this.connection = connection;
    }

    SqliteConnection connection() {
        return connection;
    }

    /** Starts a transaction holding SQLite's write lock, waiting up to the busy timeout for another process. */
    void begin() throws SQLException {
        connection.execute("BEGIN IMMEDIATE");
        lastGiven = UNREAD;
    }

    void commit() throws SQLException {
        connection.execute("COMMIT");
    }

    void rollback() throws SQLException {
        connection.execute("ROLLBACK");
    }

    /** Opens the savepoint of the next operation. */
    void savepoint() throws SQLException {
        connection.execute("SAVEPOINT operation");
        lastGivenAtSavepoint = lastGiven;
    }

    /** Keeps the current operation's writes in the transaction. */
    void release() throws SQLException {
        connection.execute("RELEASE operation");
    }

    /** Undoes the current operation's writes, and the positions it was given; its savepoint stays open. */
    void rollbackToSavepoint() throws SQLException {
        connection.execute("ROLLBACK TO operation");
        lastGiven = lastGivenAtSavepoint;
    }

    /** Gives {@code count} consecutive global positions and returns the first. */
    long allocatePositions(int count) throws SQLException {
        if (lastGiven == UNREAD) {
            lastGiven = connection.queryLongOr(0, LAST_POSITION);
        }
        long first = lastGiven + 1;
        lastGiven += count;
        return first;
    }
}
