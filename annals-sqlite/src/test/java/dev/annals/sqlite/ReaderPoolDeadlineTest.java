package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.TransactionalCheckpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of read connections exhausted: every reader is held by a projection query that does not end. A
 * read behind them fails after the store's {@code connectTimeout} with a {@link StorageException} saying
 * so, and reads go on through the same store once a reader is free. With a deadline far away (as the pool
 * was without one) the read is still waiting when the test stops looking: that is what the test catches.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReaderPoolDeadlineTest {

    @TempDir
    Path dir;

    @Test
    void a_read_that_finds_no_free_reader_fails_at_the_connect_timeout_and_reads_go_on_once_one_is_free() throws Exception {
        SqliteOptions options = new SqliteOptions(SqliteOptions.Synchronous.FULL, Duration.ofSeconds(10), 2, Duration.ofMillis(500));
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"), options)) {
            backend.append(append("s-1", AppendRequest.NO_STREAM, 3));
            try (Holders holders = Holders.all(backend, 2)) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> backend.readAll(0, 10))
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("failed to read the log")
                        .hasMessageContaining("no read connection was free within the connectTimeout of 500 ms")
                        .hasMessageContaining("all 2 were in use");
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                System.out.printf("ReaderPoolDeadlineTest: with both readers held, a read failed after %d ms (connectTimeout 500 ms)%n",
                        waited.toMillis());
                assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(5));
                assertThat(backend.append(append("s-2", AppendRequest.NO_STREAM, 1)).positions())
                        .as("appends do not need a reader").hasSize(1);
            }
            List<StoredEvent> log = backend.readAll(0, 10);
            assertThat(log).as("the readers are free again: the read goes through on the same store").hasSize(4);
            assertThat(backend.readStream("s-2", -1, 10)).hasSize(1);
        }
    }

    /** What the deadline prevents: with one far away, a read behind held readers waits as long as they are held. */
    @Test
    void without_a_near_deadline_the_read_waits_as_long_as_the_readers_are_held() throws Exception {
        SqliteOptions options = new SqliteOptions(SqliteOptions.Synchronous.FULL, Duration.ofSeconds(10), 1, Duration.ofHours(1));
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"), options)) {
            backend.append(append("s-1", AppendRequest.NO_STREAM, 3));
            CompletableFuture<List<StoredEvent>> read;
            try (Holders holders = Holders.all(backend, 1)) {
                read = CompletableFuture.supplyAsync(() -> backend.readAll(0, 10));
                Thread.sleep(2_000);
                assertThat(read).as("the read behind the held reader, after 2 s").isNotDone();
            }
            assertThat(read.get(10, TimeUnit.SECONDS)).as("once the reader is free it is lent to the waiting read").hasSize(3);
        }
    }

    @Test
    void the_connect_timeout_is_a_url_parameter_written_as_every_store_url_writes_a_duration() {
        SqliteBackendProvider provider = new SqliteBackendProvider();
        Path file = dir.resolve("url.db");
        try (var backend = provider.open("sqlite:" + file + "?connectTimeout=1500ms&synchronous=normal")) {
            assertThat(backend.headPosition()).isZero();
        }
        assertThatThrownBy(() -> provider.open("sqlite:" + file + "?connectTimeout=soon"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("connectTimeout must be a duration such as 30s");
        assertThatThrownBy(() -> provider.open("sqlite:" + file + "?connectTimeout=0"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("connectTimeout must be from 1 ms to 1 h");
        assertThatThrownBy(() -> provider.open("sqlite:" + file + "?readTimeout=1s"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("unknown parameter 'readTimeout=1s'");
    }

    /** Threads that each hold one read connection of the store in a projection query, until closed. */
    private static final class Holders implements AutoCloseable {

        private final CountDownLatch release = new CountDownLatch(1);
        private final List<Thread> threads;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private Holders(TransactionalCheckpoints projections, int count) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(count);
            this.threads = java.util.stream.IntStream.range(0, count).mapToObj(i -> new Thread(() -> {
                try {
                    projections.query(connection -> {
                        holding.countDown();
                        return release.await(60, TimeUnit.SECONDS);
                    });
                } catch (Exception | Error e) {
                    failure.set(e);
                    holding.countDown();
                }
            }, "reader-holder-" + i)).toList();
            threads.forEach(Thread::start);
            assertThat(holding.await(10, TimeUnit.SECONDS)).as("every reader is held").isTrue();
            assertThat(failure.get()).as("a holder failed").isNull();
        }

        static Holders all(SqliteBackend backend, int readers) throws InterruptedException {
            return new Holders(backend.transactionalCheckpoints().orElseThrow(), readers);
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertThat(failure.get()).as("a holder failed").isNull();
        }
    }
}
