package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.IdCodec;
import dev.annals.Snapshot;
import dev.annals.SnapshotIntegrityException;
import dev.annals.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot altered on disk behind the store's back is caught by its hash, never returned as valid state. */
class SnapshotTamperingTest {

    record Counter(int count) {
    }

    @TempDir
    Path dir;

    @Test
    void altered_state_bytes_are_caught_and_the_older_snapshot_is_still_readable() throws Exception {
        Path file = dir.resolve("annals.db");
        try (Annals annals = new Annals(new SqliteBackend(file))) {
            SnapshotStore<String, Counter> store = annals.snapshotStore("counter", IdCodec.string(), Counter.class, 2);
            store.saveSnapshot(Snapshot.of("c1", 5, new Counter(5)));
            store.saveSnapshot(Snapshot.of("c1", 10, new Counter(10)));

            tamper(file, "UPDATE snapshots SET state = ? WHERE stream = 'counter-c1' AND version = 10",
                    "{\"count\":1000}".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> store.getLatestSnapshot("c1"))
                    .isInstanceOfSatisfying(SnapshotIntegrityException.class, e -> {
                        assertThat(e.stream()).isEqualTo("counter-c1");
                        assertThat(e.version()).isEqualTo(10);
                    });
            assertThatThrownBy(() -> store.getSnapshotAtOrBefore("c1", 10)).isInstanceOf(SnapshotIntegrityException.class);
            assertThat(store.getSnapshotAtOrBefore("c1", 9)).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(new Counter(5)));
        }
    }

    @Test
    void a_snapshot_moved_to_another_version_is_caught() throws Exception {
        Path file = dir.resolve("annals.db");
        try (Annals annals = new Annals(new SqliteBackend(file))) {
            SnapshotStore<String, Counter> store = annals.snapshotStore("counter", IdCodec.string(), Counter.class, 1);
            store.saveSnapshot(Snapshot.of("c1", 5, new Counter(5)));

            tamper(file, "UPDATE snapshots SET version = 50 WHERE stream = 'counter-c1' AND version = ?", 5);

            assertThatThrownBy(() -> store.getLatestSnapshot("c1")).isInstanceOf(SnapshotIntegrityException.class);
        }
    }

    @Test
    void a_snapshot_moved_to_another_stream_is_caught() throws Exception {
        Path file = dir.resolve("annals.db");
        try (Annals annals = new Annals(new SqliteBackend(file))) {
            SnapshotStore<String, Counter> store = annals.snapshotStore("counter", IdCodec.string(), Counter.class, 1);
            store.saveSnapshot(Snapshot.of("c1", 5, new Counter(5)));

            tamper(file, "UPDATE snapshots SET stream = 'counter-c2' WHERE stream = ?", "counter-c1");

            assertThat(store.getLatestSnapshot("c1")).isEmpty();
            assertThatThrownBy(() -> store.getLatestSnapshot("c2")).isInstanceOf(SnapshotIntegrityException.class);
        }
    }

    /** Changes the file through a plain JDBC connection, as another program would, while the store is open. */
    private static void tamper(Path file, String sql, Object parameter) throws Exception {
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement update = jdbc.prepareStatement(sql)) {
            update.setObject(1, parameter);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
