package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackendTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_file_and_its_directories_are_created_with_the_schema() throws Exception {
        Path file = dir.resolve("a/b/annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.headPosition()).isZero();
            assertThat(backend.describe()).isEqualTo("sqlite:" + file.toAbsolutePath());
        }
        assertThat(file).exists();
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = jdbc.createStatement()) {
            assertThat(single(statement, "PRAGMA user_version")).isEqualTo(SqliteSchema.CURRENT_VERSION);
            assertThat(single(statement, "PRAGMA application_id")).isEqualTo(SqliteSchema.APPLICATION_ID);
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void an_empty_file_is_made_into_a_store() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.append(append("s-1", -1, 1)).version()).isZero();
        }
    }

    @Test
    void events_and_snapshots_survive_closing_and_reopening() {
        Path file = dir.resolve("annals.db");
        List<NewEvent> events = List.of(
                new NewEvent(UUID.randomUUID(), "Opened", 2, "{\"m\":1}".getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                Events.event("{\"b\":2}"));
        try (SqliteBackend backend = new SqliteBackend(file)) {
            AppendResult result = backend.append(append("ticket-1", -1, events));
            assertThat(result).isEqualTo(new AppendResult(1, List.of(1L, 2L), false));
            backend.saveSnapshot(new StoredSnapshot("ticket-1", 1, Events.NOW, "fp", "hash", new byte[] {1, 2, 3}), 1);
        }
        try (SqliteBackend backend = new SqliteBackend(file)) {
            List<StoredEvent> read = backend.readStream("ticket-1", -1, 10);
            assertThat(read).hasSize(2);
            StoredEvent first = read.get(0);
            assertThat(first.stream()).isEqualTo("ticket-1");
            assertThat(first.version()).isZero();
            assertThat(first.position()).isEqualTo(1);
            assertThat(first.eventId()).isEqualTo(events.get(0).eventId());
            assertThat(first.type()).isEqualTo("Opened");
            assertThat(first.schemaVersion()).isEqualTo(2);
            assertThat(first.recordedAt()).isEqualTo(Events.NOW);
            assertThat(Events.text(first.metadata())).isEqualTo("{\"m\":1}");
            assertThat(Events.text(first.payload())).isEqualTo("{\"a\":1}");
            assertThat(read.get(1).metadata()).isEmpty();
            assertThat(backend.currentVersion("ticket-1")).hasValue(1);
            assertThat(backend.snapshots("ticket-1")).singleElement()
                    .satisfies(s -> assertThat(s.state()).containsExactly(1, 2, 3));
        }
    }

    @Test
    void a_conflicting_append_writes_nothing_and_names_both_versions() {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            backend.append(append("s-1", -1, 2));
            assertThatThrownBy(() -> backend.append(append("s-1", 0, 1)))
                    .isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isZero();
                        assertThat(e.actualVersion()).isEqualTo(1);
                        assertThat(e.aggregateId()).isEqualTo("s-1");
                    });
            assertThatThrownBy(() -> backend.append(append("s-2", 3, 1)))
                    .isInstanceOfSatisfying(EventStoreConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(-1));
            assertThat(backend.headPosition()).isEqualTo(2);
            assertThat(backend.listStreams(null, 10)).extracting(s -> s.stream()).containsExactly("s-1");
        }
    }

    @Test
    void a_retried_append_is_recognized_and_a_reused_id_is_refused() {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            AppendRequest first = append("s-1", -1, 3);
            AppendResult original = backend.append(first);
            AppendResult retried = backend.append(first);
            assertThat(retried).isEqualTo(new AppendResult(original.version(), original.positions(), true));
            AppendResult retriedWithoutCheck = backend.append(new AppendRequest("s-1", AppendRequest.ANY, first.events(), Events.NOW));
            assertThat(retriedWithoutCheck.duplicate()).isTrue();

            NewEvent reused = new NewEvent(first.events().get(0).eventId(), "Other", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> backend.append(append("s-2", -1, List.of(reused))))
                    .isInstanceOf(DuplicateEventIdException.class);
            assertThatThrownBy(() -> backend.append(append("s-1", 2, List.of(reused))))
                    .isInstanceOf(DuplicateEventIdException.class);
            assertThat(backend.headPosition()).isEqualTo(3);
            // the failed appends left no stream and no position behind
            assertThat(backend.currentVersion("s-2")).isEmpty();
            assertThat(backend.append(append("s-2", -1, 1)).positions()).containsExactly(4L);
        }
    }

    @Test
    void the_log_reads_forward_and_backward_across_streams() {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            backend.append(append("a-1", -1, 2));
            backend.append(append("b-1", -1, 1));
            backend.append(append("a-1", 1, 1));
            assertThat(backend.readAll(0, 10)).extracting(StoredEvent::stream).containsExactly("a-1", "a-1", "b-1", "a-1");
            assertThat(backend.readAll(2, 1)).extracting(StoredEvent::position).containsExactly(3L);
            assertThat(backend.readAllBackward(4, 10)).extracting(StoredEvent::position).containsExactly(3L, 2L, 1L);
            assertThat(backend.readAllBackward(Long.MAX_VALUE, 2)).extracting(StoredEvent::position).containsExactly(4L, 3L);
            assertThat(backend.listStreams("a-1", 10)).singleElement().satisfies(s -> {
                assertThat(s.stream()).isEqualTo("b-1");
                assertThat(s.version()).isZero();
            });
            assertThat(backend.stats().events()).isEqualTo(4);
            assertThat(backend.stats().streams()).isEqualTo(2);
            assertThat(backend.stats().sizeBytes()).isPositive();
        }
    }

    @Test
    void snapshots_keep_the_newest_and_ignore_older_ones() {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            assertThat(backend.saveSnapshot(snapshot(5, 1), 2)).isTrue();
            assertThat(backend.saveSnapshot(snapshot(3, 2), 2)).isFalse();
            assertThat(backend.saveSnapshot(snapshot(5, 3), 2)).isTrue();
            assertThat(backend.saveSnapshot(snapshot(9, 4), 2)).isTrue();
            assertThat(backend.saveSnapshot(snapshot(12, 5), 2)).isTrue();
            assertThat(backend.snapshots("s-1")).extracting(StoredSnapshot::version).containsExactly(12L, 9L);
            assertThat(backend.snapshotAtOrBefore("s-1", 11)).hasValueSatisfying(s -> assertThat(s.state()).containsExactly(4));
            assertThat(backend.snapshotAtOrBefore("s-1", 8)).isEmpty();
            backend.clearSnapshots("s-1");
            assertThat(backend.snapshots("s-1")).isEmpty();
        }
    }

    @Test
    void commits_are_fully_synchronous_unless_normal_is_asked_for() throws Exception {
        Path file = dir.resolve("annals.db");
        new SqliteBackend(file).close();
        try (SqliteConnection durable = SqliteConnection.openWriter(file, SqliteOptions.DEFAULTS);
             SqliteConnection relaxed = SqliteConnection.openWriter(file, SqliteOptions.DEFAULTS.withSynchronous(SqliteOptions.Synchronous.NORMAL))) {
            assertThat(durable.queryLong("PRAGMA synchronous")).isEqualTo(2L); // FULL
            assertThat(relaxed.queryLong("PRAGMA synchronous")).isEqualTo(1L); // NORMAL
        }
    }

    @Test
    void a_schema_newer_than_this_code_is_refused_clearly() throws Exception {
        Path file = dir.resolve("annals.db");
        new SqliteBackend(file).close();
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            statement.execute("PRAGMA user_version = " + (SqliteSchema.CURRENT_VERSION + 1));
        }
        assertThatThrownBy(() -> new SqliteBackend(file))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("newer");
    }

    @Test
    void another_applications_sqlite_database_is_refused_clearly() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        assertThatThrownBy(() -> new SqliteBackend(file))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an Annals store");
    }

    @Test
    void a_closed_store_refuses_reads_and_writes() {
        SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"));
        backend.close();
        assertThatThrownBy(() -> backend.append(append("s-1", -1, 1))).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> backend.readAll(0, 10)).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    @Test
    void an_instant_outside_the_stored_range_is_refused_before_anything_is_written() {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            assertThatThrownBy(() -> backend.append(new AppendRequest("s-1", -1, Events.events(1), Instant.MAX)))
                    .isInstanceOf(dev.annals.InvalidArgumentException.class);
            assertThat(backend.headPosition()).isZero();
        }
    }

    @Test
    void the_provider_opens_sqlite_urls_and_rejects_bad_ones() {
        Path file = dir.resolve("data/annals.db");
        try (var backend = new SqliteBackendProvider().open("sqlite:" + file)) {
            assertThat(backend).isInstanceOf(SqliteBackend.class);
        }
        try (Annals annals = Annals.open("sqlite:" + file)) {
            assertThat(annals.backend().describe()).isEqualTo("sqlite:" + file.toAbsolutePath());
        }
        try (Annals annals = Annals.open("sqlite:" + file + "?synchronous=normal")) {
            assertThat(annals.backend().describe()).endsWith("?synchronous=normal");
        }
        assertThatThrownBy(() -> Annals.open("sqlite:")).isInstanceOf(StoreOpenException.class).hasMessageContaining("names no file");
        assertThatThrownBy(() -> Annals.open("sqlite:" + file + "?synchronous=sometimes"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("synchronous=sometimes");
        assertThatThrownBy(() -> Annals.open("sqlite:" + file + "?cache=big"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("unknown parameter");
        assertThat(Files.exists(file)).isTrue();
    }

    private static StoredSnapshot snapshot(long version, int state) {
        return new StoredSnapshot("s-1", version, Events.NOW, "fp", "h" + version, new byte[] {(byte) state});
    }

    private static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }
}
