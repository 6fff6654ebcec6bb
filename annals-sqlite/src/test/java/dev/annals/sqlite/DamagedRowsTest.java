package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A row damaged on disk is a typed error naming the damage, and the store keeps working. */
class DamagedRowsTest {

    @TempDir
    Path dir;

    @Test
    void a_damaged_event_id_is_a_storage_error_and_reads_of_other_streams_still_work() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            backend.append(Events.append("order-1", -1, 2));
            backend.append(Events.append("order-2", -1, 1));
            try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                assertThat(jdbc.createStatement().executeUpdate("UPDATE events SET event_id = x'0102' WHERE position = 1")).isEqualTo(1);
            }

            assertThatThrownBy(() -> backend.readStream("order-1", -1, 10))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("damaged");
            for (int i = 0; i < 10; i++) { // more reads than the pool has connections: none was lost
                assertThat(backend.readStream("order-2", -1, 10)).hasSize(1);
            }
        }
    }
}
