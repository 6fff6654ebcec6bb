package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the file's write lock and stops (here: a connection that began a write
 * transaction and never ends it). An append waits at most the busy timeout, then fails with nothing
 * written and a message that says the database is locked; once the holder lets go, appends go on
 * through the same store.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StalledLockHolderTest {

    @TempDir
    Path dir;

    @Test
    void an_append_behind_a_stalled_lock_holder_fails_after_the_busy_timeout_and_the_next_goes_through_once_it_is_gone()
            throws Exception {
        Path file = dir.resolve("annals.db");
        SqliteOptions options = new SqliteOptions(SqliteOptions.Synchronous.FULL, Duration.ofMillis(700), 8);
        try (SqliteBackend backend = new SqliteBackend(file, options)) {
            backend.append(append("before-1", AppendRequest.NO_STREAM, 1));
            Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = holder.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // the write lock, held by a "process" that then stalls
            }

            long started = System.nanoTime();
            assertThatThrownBy(() -> backend.append(append("blocked-1", AppendRequest.NO_STREAM, 1)))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("locked");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("StalledLockHolderTest: the append behind the stalled holder failed after %d ms (busy timeout 700 ms)%n",
                    waited.toMillis());
            assertThat(waited).as("bounded by the busy timeout, not by the holder").isLessThan(Duration.ofSeconds(10));
            assertThat(backend.readStream("blocked-1", -1, 10)).as("nothing of it was written").isEmpty();

            holder.close(); // the holder is gone: its transaction is rolled back and the lock released

            assertThat(backend.append(append("blocked-1", AppendRequest.NO_STREAM, 1)).positions()).hasSize(1);
            assertThat(backend.readStream("before-1", -1, 10)).hasSize(1);
        }
    }
}
