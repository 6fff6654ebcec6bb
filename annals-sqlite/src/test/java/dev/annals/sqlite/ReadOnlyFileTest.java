package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.annals.AnnalsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store file that may not be written (mode r--r--r--, on the power-cut file system, which refuses to
 * open such a file for writing even to root, as any file system does for other users): opening it
 * for appends gives a typed error saying so and naming the file, and the file is left as it was.
 *
 * <p>Needs FUSE: runs only with {@code -Pservers} (tag {@code servers}).
 */
@Tag("servers")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadOnlyFileTest {

    @TempDir
    Path dir;

    @Test
    void a_read_only_store_file_is_a_clear_error_and_is_left_unchanged() throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(dir.resolve("disk"), dir.resolve("mnt"), dir.resolve("fs.log"), false)) {
            Path file = fs.mountPoint().resolve("annals.db");
            try (SqliteBackend backend = new SqliteBackend(file)) {
                backend.append(Events.append("s", -1, 3));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            byte[] before = Files.readAllBytes(file);

            Throwable error = catchThrowable(() -> {
                try (SqliteBackend backend = new SqliteBackend(file)) {
                    backend.append(Events.append("s", 2, 1));
                }
            });
            System.out.println("ReadOnlyFileTest: " + error);
            assertThat(error).as("opening or appending to a read-only file fails").isInstanceOf(AnnalsException.class)
                    .hasMessageContaining(file.getFileName().toString())
                    .hasMessageContaining("read-only");
            assertThat(Arrays.equals(Files.readAllBytes(file), before)).as("the file is unchanged").isTrue();
        }
    }
}
