package dev.annals.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The writer connection during one group-commit transaction: the savepoint of the current
 * operation and the global positions given in the transaction.
 *
 * <p>Positions continue from the last one given, kept in the {@code last_position} table: read once
 * per transaction under SQLite's write lock and stored before the commit, in the same transaction
 * as the events, so positions are never given twice (not after the newest events were deleted, not
 * across processes writing to the same file) and strictly increase in commit order. Never below a
 * stored event, whatever the table says. Not thread-safe: used only by the leader of the group commit.
 */
final class WriteSession {

    private static final long UNREAD = -1;
    private static final String LAST_POSITION = "SELECT max(coalesce((SELECT position FROM last_position WHERE id = 1), 0), "
            + "coalesce((SELECT max(position) FROM events), 0))";
    private static final String STORE_LAST_POSITION = "INSERT OR REPLACE INTO last_position (id, position) VALUES (1, ?)";

    private final SqliteConnection connection;
    /** The last position given in this transaction (or before it), {@link #UNREAD} until read in this transaction. */
    private long lastGiven = UNREAD;
    /** The last position as stored in the table when it was read. */
    private long lastStored = UNREAD;
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
        lastStored = UNREAD;
    }

    /** Stores the last position given in this transaction, if any; must precede {@link #commit}. */
    void storePositions() throws SQLException {
        if (lastGiven != UNREAD && lastGiven != lastStored) {
            PreparedStatement store = connection.prepare(STORE_LAST_POSITION);
            store.setLong(1, lastGiven);
            store.executeUpdate();
            lastStored = lastGiven;
        }
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
            lastStored = lastGiven;
        }
        long first = lastGiven + 1;
        lastGiven += count;
        return first;
    }
}
