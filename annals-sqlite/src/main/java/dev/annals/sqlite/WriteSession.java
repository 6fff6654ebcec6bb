package dev.annals.sqlite;

import java.sql.SQLException;

/**
 * The writer connection during one group-commit transaction: the savepoint of the current
 * operation and the next global position to hand out.
 *
 * <p>Positions are {@code max(position) + 1}, read once per transaction under SQLite's write lock,
 * so they are contiguous and strictly increasing in commit order, also when other processes write
 * to the same file. Not thread-safe: used only by the thread holding the writer's lock.
 */
final class WriteSession {

    private final SqliteConnection connection;
    /** 0 until read in this transaction. */
    private long nextPosition;
    private long nextPositionAtSavepoint;

    WriteSession(SqliteConnection connection) {
        this.connection = connection;
    }

    SqliteConnection connection() {
        return connection;
    }

    /** Starts a transaction holding SQLite's write lock, waiting up to the busy timeout for another process. */
    void begin() throws SQLException {
        connection.execute("BEGIN IMMEDIATE");
        nextPosition = 0;
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
        nextPositionAtSavepoint = nextPosition;
    }

    /** Keeps the current operation's writes in the transaction. */
    void release() throws SQLException {
        connection.execute("RELEASE operation");
    }

    /** Undoes the current operation's writes; its savepoint stays open. */
    void rollbackToSavepoint() throws SQLException {
        connection.execute("ROLLBACK TO operation");
        nextPosition = nextPositionAtSavepoint;
    }

    /** Reserves {@code count} consecutive global positions and returns the first. */
    long allocatePositions(int count) throws SQLException {
        if (nextPosition == 0) {
            Long head = connection.queryLong("SELECT max(position) FROM events");
            nextPosition = (head == null ? 0 : head) + 1;
        }
        long first = nextPosition;
        nextPosition += count;
        return first;
    }
}
