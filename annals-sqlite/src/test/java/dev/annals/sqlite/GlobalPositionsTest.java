package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global positions are never given twice, not after the newest rows were deleted from the file;
 * and every read crosses the holes that deleted rows leave.
 */
class GlobalPositionsTest {

    @TempDir
    Path dir;

    @Test
    void after_the_head_rows_are_deleted_and_the_store_reopened_new_positions_are_above_every_earlier_one() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.append(append("a-1", -1, 5)).positions()).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        deleteEvents(file, 3, 5);

        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThat(backend.headPosition()).isEqualTo(2);
            assertThat(backend.append(append("b-1", -1, 2)).positions()).containsExactly(6L, 7L);
            assertThat(backend.readAll(0, 10)).extracting(StoredEvent::position).containsExactly(1L, 2L, 6L, 7L);
        }
    }

    @Test
    void head_rows_deleted_by_another_program_while_the_store_is_open_keep_their_positions() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            backend.append(append("a-1", -1, 3));
            deleteEvents(file, 2, 3);

            assertThat(backend.append(append("b-1", -1, 1)).positions()).containsExactly(4L);
            deleteEvents(file, 4, 4);
            assertThat(backend.headPosition()).isEqualTo(1);
            assertThat(backend.append(append("c-1", -1, 1)).positions()).containsExactly(5L);
        }
    }

    @Test
    void forward_and_backward_pages_of_the_log_cross_a_hole_of_deleted_rows() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            backend.append(append("a-1", -1, 10));
            deleteEvents(file, 3, 7);

            assertThat(positions(backend.readAll(2, 2))).containsExactly(8L, 9L);
            assertThat(positions(backend.readAll(0, 3))).containsExactly(1L, 2L, 8L);
            assertThat(positions(backend.readAll(4, 10))).containsExactly(8L, 9L, 10L);
            assertThat(positions(backend.readAllBackward(8, 2))).containsExactly(2L, 1L);
            assertThat(positions(backend.readAllBackward(11, 4))).containsExactly(10L, 9L, 8L, 2L);
            assertThat(backend.readStream("a-1", 1, 2)).extracting(StoredEvent::version).containsExactly(7L, 8L);
            assertThat(backend.headPosition()).isEqualTo(10);
            assertThat(backend.stats().events()).isEqualTo(5);
            assertThat(backend.stats().headPosition()).isEqualTo(10);
        }
    }

    @Test
    void a_stream_whose_events_were_all_deleted_is_neither_listed_nor_counted() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            backend.append(append("a-1", -1, 2));
            backend.append(append("b-1", -1, 1));
            deleteEvents(file, 1, 2);

            assertThat(backend.currentVersion("a-1")).isEmpty();
            assertThat(backend.listStreams(null, 10)).extracting(s -> s.stream()).containsExactly("b-1");
            assertThat(backend.stats().streams()).isEqualTo(1);
        }
    }

    /** Deletes the events at positions {@code from} to {@code to} through a plain JDBC connection, as an operator would. */
    private static void deleteEvents(Path file, long from, long to) throws Exception {
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement delete = jdbc.prepareStatement("DELETE FROM events WHERE position BETWEEN ? AND ?")) {
            delete.setLong(1, from);
            delete.setLong(2, to);
            assertThat(delete.executeUpdate()).isEqualTo(to - from + 1);
        }
    }

    private static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::position).toList();
    }
}
