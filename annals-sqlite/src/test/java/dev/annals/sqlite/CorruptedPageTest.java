package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import dev.annals.spi.StoredEvent;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged page inside a file whose header and length are healthy (a bad sector, a bit rot): reading
 * across it is a typed error saying the file is corrupted, never events made up from garbage, and
 * what lies elsewhere in the file can still be read and appended to.
 */
class CorruptedPageTest {

    private static final int EVENTS_PER_STREAM = 1500;

    @TempDir
    Path dir;

    @Test
    void a_damaged_page_of_the_log_is_a_typed_error_and_the_rest_of_the_store_still_works() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            for (String stream : List.of("early", "late")) {
                for (int v = 0; v < EVENTS_PER_STREAM; v += 50) {
                    backend.append(Events.append(stream, v - 1L, 50));
                }
            }
        } // closing checkpoints the WAL into the file
        long page = middleLeafPageOfEarly(file);
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek((page - 1) * 4096);
            raw.write(garbage);
        }
        assertThat(integrityCheck(file)).as("the damage is real").isNotEqualTo("ok");

        try (SqliteBackend backend = new SqliteBackend(file)) {
            assertThatThrownBy(() -> readWholeLog(backend))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("corrupted");
            assertThatThrownBy(() -> backend.readStream("early", -1, Integer.MAX_VALUE))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("corrupted");
            for (int i = 0; i < 10; i++) { // more reads than the pool has connections: none was lost
                assertThat(backend.readStream("late", -1, Integer.MAX_VALUE)).hasSize(EVENTS_PER_STREAM);
            }
            assertThat(backend.append(Events.append("late", EVENTS_PER_STREAM - 1L, 2)).version()).isEqualTo(EVENTS_PER_STREAM + 1L);
            assertThat(backend.readStream("late", EVENTS_PER_STREAM - 1L, 10)).hasSize(2);
        }
    }

    private static List<StoredEvent> readWholeLog(SqliteBackend backend) {
        List<StoredEvent> log = new ArrayList<>();
        for (List<StoredEvent> page = backend.readAll(0, 500); !page.isEmpty();
                page = backend.readAll(page.get(page.size() - 1).position(), 500)) {
            log.addAll(page);
        }
        return log;
    }

    /** A leaf page of the events table holding only events of the stream {@code early}, from the middle of them. */
    private static long middleLeafPageOfEarly(Path file) throws Exception {
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = jdbc.createStatement();
             ResultSet pages = s.executeQuery("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno")) {
            List<Long> leaves = new ArrayList<>();
            while (pages.next()) {
                leaves.add(pages.getLong(1));
            }
            assertThat(leaves).hasSizeGreaterThan(20);
            return leaves.get(leaves.size() / 4); // the events of "early" fill the first half of the log
        }
    }

    private static String integrityCheck(Path file) throws Exception {
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = jdbc.createStatement();
             ResultSet check = s.executeQuery("PRAGMA integrity_check")) {
            return check.getString(1);
        }
    }
}
