package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written by an earlier schema opens with this code, keeps its contents and goes on correctly. */
class SchemaMigrationTest {

    /** The tables of schema version 1 exactly as the first release created them. */
    private static final String[] VERSION_1 = {
        "CREATE TABLE streams (stream_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id INTEGER NOT NULL REFERENCES streams (stream_id), "
                + "version INTEGER NOT NULL, event_id BLOB NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, "
                + "recorded_at INTEGER NOT NULL, metadata BLOB, payload BLOB NOT NULL, UNIQUE (stream_id, version))",
        "CREATE TABLE snapshots (stream TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL, "
                + "fingerprint TEXT NOT NULL, hash TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (stream, version))",
        "PRAGMA application_id = " + SqliteSchema.APPLICATION_ID,
        "PRAGMA user_version = 1"};

    @TempDir
    Path dir;

    @Test
    void a_version_1_store_is_migrated_and_positions_continue_after_its_highest_event() throws Exception {
        Path file = dir.resolve("annals.db");
        UUID first = UUID.randomUUID();
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            for (String sql : VERSION_1) {
                statement.execute(sql);
            }
            statement.execute("INSERT INTO streams (stream_id, name) VALUES (1, 'old-1'), (2, 'old-2')");
            insertEvent(jdbc, 1, 1, 0, first);
            insertEvent(jdbc, 2, 2, 0, UUID.randomUUID());
            insertEvent(jdbc, 4, 1, 1, UUID.randomUUID()); // position 3 was deleted while the store was at version 1
        }

        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.readAll(0, 10)).extracting(StoredEvent::position).containsExactly(1L, 2L, 4L);
            assertThat(backend.readStream("old-1", -1, 10)).first().satisfies(e -> assertThat(e.eventId()).isEqualTo(first));
            assertThat(backend.append(append("old-1", 1, 2)).positions()).containsExactly(5L, 6L);
            assertThat(backend.append(append("new-1", -1, 1)).positions()).containsExactly(7L);
            assertThat(backend.currentVersion("old-1")).hasValue(3);
            assertThat(backend.subscriptionStorage().orElseThrow().acquireLease("after-migration", 0, "owner", Duration.ofSeconds(5)))
                    .as("the subscription tables of version 3").hasValue(1);
        }
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo(SqliteSchema.CURRENT_VERSION).isEqualTo(5);
            assertThat(single(statement, "SELECT position FROM last_position")).as("set by the migration; appends write nothing there")
                    .isEqualTo(4);
            statement.execute("DELETE FROM events WHERE position >= 6");
            assertThat(single(statement, "SELECT position FROM last_position")).as("raised by the delete trigger").isEqualTo(7);
        }
    }

    @Test
    void the_positions_given_by_a_migrated_store_survive_the_deletion_of_its_newest_events() throws Exception {
        Path file = dir.resolve("annals.db");
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            for (String sql : VERSION_1) {
                statement.execute(sql);
            }
            statement.execute("INSERT INTO streams (stream_id, name) VALUES (1, 'old-1')");
            insertEvent(jdbc, 1, 1, 0, UUID.randomUUID());
            insertEvent(jdbc, 2, 1, 1, UUID.randomUUID());
        }
        new SqliteBackend(file).close(); // migrates
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            statement.execute("DELETE FROM events WHERE position = 2");
        }

        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.append(append("new-1", -1, 1)).positions()).containsExactly(3L);
        }
    }

    @Test
    void a_new_store_starts_at_the_current_version_with_no_position_given() throws Exception {
        Path file = dir.resolve("annals.db");
        new SqliteBackend(file).close();
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo(SqliteSchema.CURRENT_VERSION);
            assertThat(single(statement, "SELECT position FROM last_position")).isZero();
        }
    }

    private static void insertEvent(Connection jdbc, long position, long streamId, long version, UUID id) throws Exception {
        try (PreparedStatement insert = jdbc.prepareStatement("INSERT INTO events (position, stream_id, version, event_id, type, "
                + "schema_version, recorded_at, metadata, payload) VALUES (?, ?, ?, ?, 'Old', 1, 0, NULL, ?)")) {
            insert.setLong(1, position);
            insert.setLong(2, streamId);
            insert.setLong(3, version);
            insert.setBytes(4, Columns.uuid(id));
            insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }
}
