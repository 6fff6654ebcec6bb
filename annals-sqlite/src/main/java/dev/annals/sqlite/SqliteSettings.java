package dev.annals.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the pragmas that decide the store's speed and durability. Run by the writer, on the writer's
 * connection, because {@code synchronous} is a setting of each connection and the writer's is the
 * one that holds for commits. Stateless.
 */
final class SqliteSettings {

    /** {@code PRAGMA synchronous} answers a number; its names in SQLite's documentation. */
    private static final String[] SYNCHRONOUS = {"OFF", "NORMAL", "FULL", "EXTRA"};

    private SqliteSettings() {
    }

    /** The write operation that reads them: {@code journal_mode}, {@code synchronous}, {@code wal_autocheckpoint}. */
    static WriteOperation<Map<String, String>> read() {
        return session -> {
            Map<String, String> settings = new LinkedHashMap<>();
            try (Statement statement = session.connection().jdbc().createStatement()) {
                settings.put("journal_mode", pragma(statement, "journal_mode").toUpperCase(Locale.ROOT));
                String synchronous = pragma(statement, "synchronous");
                int level = Integer.parseInt(synchronous);
                settings.put("synchronous", level >= 0 && level < SYNCHRONOUS.length ? SYNCHRONOUS[level] : synchronous);
                settings.put("wal_autocheckpoint", pragma(statement, "wal_autocheckpoint") + " pages");
            }
            return Collections.unmodifiableMap(settings);
        };
    }

    private static String pragma(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
            if (!rows.next()) {
                throw new SQLException("PRAGMA " + name + " answered nothing");
            }
            return rows.getString(1);
        }
    }
}
