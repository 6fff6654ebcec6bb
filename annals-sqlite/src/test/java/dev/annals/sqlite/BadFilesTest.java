package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.StoreOpenException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a healthy Annals store is refused with a one-line reason naming it, and is left as it was. */
class BadFilesTest {

    @TempDir
    Path dir;

    @Test
    void random_bytes_are_refused_as_not_a_database() throws Exception {
        Path file = dir.resolve("random.db");
        byte[] bytes = new byte[8192];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        assertRefused(file, "not an SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void a_text_file_is_refused_as_not_a_database() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "These are my notes, not an event store.\n");
        assertRefused(file, "not an SQLite database");
        assertThat(Files.readString(file)).startsWith("These are my notes");
    }

    @Test
    void a_truncated_database_is_refused() throws Exception {
        Path file = filledStore();
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(size / 2);
        }
        assertRefused(file, "truncated");
    }

    @Test
    void a_database_cut_in_the_middle_of_a_page_is_refused() throws Exception {
        Path file = filledStore();
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(Files.size(file) - 100);
        }
        assertRefused(file, "truncated");
    }

    @Test
    void a_database_cut_inside_its_header_is_refused() throws Exception {
        Path file = filledStore();
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(50);
        }
        assertRefused(file, "truncated");
    }

    @Test
    void a_directory_is_refused() {
        assertRefused(dir, "directory");
    }

    @Test
    void opening_by_url_gives_the_same_clear_error() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> Annals.open("sqlite:" + file))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toString());
    }

    /** A store of a few hundred pages, closed, so that the whole database is in the main file. */
    private Path filledStore() {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            for (int i = 0; i < 50; i++) {
                backend.append(Events.append("s-" + i, -1, Events.events(40)));
            }
        }
        assertThat(file.resolveSibling("annals.db-wal")).doesNotExist();
        return file;
    }

    private static void assertRefused(Path file, String reason) {
        assertThatThrownBy(() -> new SqliteBackend(file))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(file.toAbsolutePath().normalize().toString())
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("SQLITE_"));
    }

}
