package dev.annals.postgres;

import dev.annals.StorageException;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The key role of the PostgreSQL store: the table {@code data_keys} of the store's schema (since schema
 * version 6), one row per subject.
 *
 * <p><b>Erasure.</b> A deleted row stays in the table's file as a dead tuple until vacuumed, and a plain
 * {@code VACUUM} frees its space without overwriting it. {@link #eraseDeleted} therefore runs
 * {@code VACUUM FULL} on the key table: it writes the live rows into a new file and removes the old one,
 * holding an exclusive lock on the key table (not on events) while it runs. The server's write-ahead log
 * keeps the key until its segments are recycled, and the blocks of the removed file are the file
 * system's: neither is in the table's file.
 *
 * <p>Every statement runs under the store's deadlines. Thread-safe.
 */
final class PostgresKeys implements KeyStorage {

    private final Jdbc jdbc;
    private final String table;

    PostgresKeys(Jdbc jdbc, String quotedSchema) {
        this.jdbc = jdbc;
        this.table = quotedSchema + ".data_keys";
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        return jdbc.query("store the key of subject " + subject, c -> {
            // DO UPDATE with an unchanged value returns the stored row whether it was inserted or already there
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (subject, wrapped_key) VALUES (?, ?) "
                    + "ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject RETURNING wrapped_key")) {
                insert.setString(1, subject);
                insert.setBytes(2, wrappedKey);
                try (ResultSet rows = insert.executeQuery()) {
                    if (!rows.next()) {
                        throw new StorageException("PostgreSQL returned no key for subject " + subject + " after storing it");
                    }
                    return rows.getBytes(1);
                }
            }
        });
    }

    @Override
    public Optional<byte[]> find(String subject) {
        return jdbc.query("read the key of subject " + subject, c -> {
            try (PreparedStatement find = c.prepareStatement("SELECT wrapped_key FROM " + table + " WHERE subject = ?")) {
                find.setString(1, subject);
                try (ResultSet rows = find.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(String subject) {
        return jdbc.query("delete the key of subject " + subject, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE subject = ?")) {
                delete.setString(1, subject);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void eraseDeleted() {
        jdbc.query("rewrite the key table (VACUUM FULL)", c -> {
            try (Statement vacuum = c.createStatement()) {
                vacuum.execute("VACUUM FULL " + table);
            }
            return Boolean.TRUE;
        });
    }

    @Override
    public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        return jdbc.query("list keys", c -> {
            try (PreparedStatement page = c.prepareStatement("SELECT subject, wrapped_key FROM " + table
                    + " WHERE subject COLLATE \"C\" > ? ORDER BY subject COLLATE \"C\" LIMIT ?")) {
                page.setString(1, afterSubject == null ? "" : afterSubject);
                page.setInt(2, limit);
                List<StoredKey> keys = new ArrayList<>();
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        keys.add(new StoredKey(rows.getString(1), rows.getBytes(2)));
                    }
                }
                return keys;
            }
        });
    }
}
