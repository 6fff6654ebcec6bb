package dev.annals.sqlite;

import dev.annals.StorageException;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import dev.annals.spi.support.Retry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The key role of the SQLite store: the table {@code data_keys} of the same file, written by the
 * store's single writer, read through the reader pool.
 *
 * <p><b>Erasure.</b> Every write to the table runs with {@code PRAGMA secure_delete} on, so a deleted
 * key, and any copy a page rebalance leaves behind, is overwritten with zeros in its page. The page's
 * older images stay in the write-ahead log until {@link #eraseDeleted} checkpoints it in
 * {@code TRUNCATE} mode, which copies the newest pages into the main file and empties the log; it
 * waits (up to the busy timeout, then retries until its deadline) for readers that still see older pages.
 *
 * <p>Thread-safe.
 */
final class SqliteKeys implements KeyStorage {

    private static final String FIND = "SELECT wrapped_key FROM data_keys WHERE subject = ?";
    private static final String INSERT = "INSERT INTO data_keys (subject, wrapped_key) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING";
    private static final String DELETE = "DELETE FROM data_keys WHERE subject = ?";
    private static final String PAGE_FIRST = "SELECT subject, wrapped_key FROM data_keys ORDER BY subject LIMIT ?";
    private static final String PAGE_AFTER = "SELECT subject, wrapped_key FROM data_keys WHERE subject > ? ORDER BY subject LIMIT ?";

    /** Opens a connection of its own for the checkpoint, which cannot run inside the writer's transactions. */
    interface CheckpointConnection {
        SqliteConnection open() throws SQLException;
    }

    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final CheckpointConnection checkpoints;
    private final String store;
    private final Duration deadline;

    SqliteKeys(SqliteWriter writer, ReaderPool readers, CheckpointConnection checkpoints, String store, Duration deadline) {
        this.writer = writer;
        this.readers = readers;
        this.checkpoints = checkpoints;
        this.store = store;
        this.deadline = deadline;
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        return writer.submit(session -> securely(session.connection(), connection -> {
            PreparedStatement insert = connection.prepare(INSERT);
            insert.setString(1, subject);
            insert.setBytes(2, wrappedKey);
            insert.executeUpdate();
            byte[] stored = find(connection, subject);
            if (stored == null) {
                throw new StorageException("SQLite store " + store + " lost the key of subject " + subject + " it just stored");
            }
            return stored;
        }));
    }

    @Override
    public Optional<byte[]> find(String subject) {
        return readers.read("read the key of subject " + subject, c -> Optional.ofNullable(find(c, subject)));
    }

    @Override
    public boolean delete(String subject) {
        return writer.submit(session -> securely(session.connection(), connection -> connection.update(DELETE, subject) > 0));
    }

    @Override
    public void eraseDeleted() {
        try (SqliteConnection connection = checkpoints.open()) {
            Retry.untilDeadline("checkpointing SQLite store " + store, deadline, Duration.ofMillis(50),
                    () -> "SQLite store " + store + " could not checkpoint its write-ahead log within " + deadline.toSeconds()
                            + " s: readers kept older pages in use; forgotten keys may remain in the log",
                    () -> {
                        try (ResultSet result = connection.jdbc().createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                            return result.next() && result.getInt(1) == 0 ? Optional.of(true) : Optional.empty();
                        }
                    });
        } catch (SQLException e) {
            throw SqlErrors.storage(store, "checkpoint the write-ahead log", e);
        }
    }

    @Override
    public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        return readers.read("list keys", c -> {
            PreparedStatement page = c.prepare(afterSubject == null ? PAGE_FIRST : PAGE_AFTER);
            if (afterSubject == null) {
                page.setInt(1, limit);
            } else {
                page.setString(1, afterSubject);
                page.setInt(2, limit);
            }
            List<StoredKey> keys = new ArrayList<>();
            try (ResultSet rows = page.executeQuery()) {
                while (rows.next()) {
                    keys.add(new StoredKey(rows.getString(1), rows.getBytes(2)));
                }
            }
            return keys;
        });
    }

    private static byte @Nullable [] find(SqliteConnection connection, String subject) throws SQLException {
        PreparedStatement find = connection.prepare(FIND);
        find.setString(1, subject);
        try (ResultSet rows = find.executeQuery()) {
            return rows.next() ? rows.getBytes(1) : null;
        }
    }

    private interface Work<T> {
        T run(SqliteConnection connection) throws SQLException;
    }

    /** Runs {@code work} with {@code secure_delete} on, then sets it back as it was. */
    private static <T> T securely(SqliteConnection connection, Work<T> work) throws SQLException {
        Long before = connection.queryLong("PRAGMA secure_delete");
        connection.executeOnce("PRAGMA secure_delete = ON");
        try {
            return work.run(connection);
        } finally {
            connection.executeOnce("PRAGMA secure_delete = " + (before != null && before == 1 ? "ON" : "OFF"));
        }
    }
}
