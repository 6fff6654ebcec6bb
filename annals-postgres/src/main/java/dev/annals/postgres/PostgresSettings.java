package dev.annals.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the server settings that decide how fast and how durably a commit returns, as {@code SHOW}
 * prints them (with units), as they hold for this store's connections. Thread-safe.
 */
final class PostgresSettings {

    /** In the order shown: the commit path first, then what guards against torn or lost pages. */
    static final List<String> NAMES = List.of("synchronous_commit", "wal_sync_method", "commit_delay", "commit_siblings",
            "fsync", "full_page_writes", "wal_level", "synchronous_standby_names", "server_version");

    private static final String QUERY = "SELECT name, current_setting(name) FROM unnest(?::text[]) WITH ORDINALITY AS s(name, n) ORDER BY n";

    private final Jdbc jdbc;

    PostgresSettings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, String> read() {
        return jdbc.query("read its server settings", c -> {
            Map<String, String> settings = new LinkedHashMap<>();
            try (PreparedStatement statement = c.prepareStatement(QUERY)) {
                statement.setArray(1, c.createArrayOf("text", NAMES.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        settings.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return Collections.unmodifiableMap(settings);
        });
    }
}
