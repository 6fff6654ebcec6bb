package dev.annals.sqlite;

import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent appends share transactions, yet each one, a multi-stream append included, succeeds or
 * fails on its own and entirely.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void appends_queued_behind_a_running_transaction_commit_together_and_a_conflict_fails_alone() throws Exception {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            backend.append(append("taken-1", -1, 1));
            AppendRequest original = append("retried-1", -1, 2);
            backend.append(original);
            SqliteWriter writer = backend.writer();
            ExecutorService threads = Executors.newCachedThreadPool();
            try {
                // Hold the writer inside a transaction so the appends below all queue up for the next one.
                CountDownLatch inside = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<?> blocker = threads.submit(() -> writer.submit(session -> {
                    inside.countDown();
                    awaitQuietly(release);
                    return null;
                }));
                inside.await();
                long transactionsBefore = writer.transactions();

                List<AppendRequest> requests = List.of(
                        append("fresh-1", -1, 2),
                        append("taken-1", -1, 1),          // conflict: the stream exists
                        append("fresh-2", -1, 3),
                        append("fresh-2", -1, 1),          // conflict with the one above in the same batch
                        original,                           // a retry: recognized, nothing written
                        append("reused-1", -1, List.of(Events.event("{}"), original.events().get(0))), // reused id
                        append("fresh-3", AppendRequest.ANY, 1),
                        append("taken-1", 0, 2));           // right version: succeeds
                List<Future<AppendResult>> results = new ArrayList<>();
                for (AppendRequest request : requests) {
                    results.add(threads.submit(() -> backend.append(request)));
                    while (writer.queued() < results.size()) {
                        Thread.onSpinWait(); // keeps the queue in the order of the list
                    }
                }
                release.countDown();
                blocker.get();

                assertThat(results.get(0).get().positions()).hasSize(2);
                assertThat(failure(results.get(1))).isInstanceOfSatisfying(EventStoreConflictException.class,
                        e -> assertThat(e.actualVersion()).isZero());
                assertThat(results.get(2).get().version()).isEqualTo(2);
                assertThat(failure(results.get(3))).isInstanceOfSatisfying(EventStoreConflictException.class,
                        e -> assertThat(e.actualVersion()).isEqualTo(2));
                assertThat(results.get(4).get().duplicate()).isTrue();
                assertThat(failure(results.get(5))).isInstanceOf(DuplicateEventIdException.class);
                assertThat(results.get(6).get().version()).isZero();
                assertThat(results.get(7).get().version()).isEqualTo(2);
                // the blocked one, then all eight in one transaction
                assertThat(writer.transactions() - transactionsBefore).isEqualTo(2);

                assertThat(backend.currentVersion("fresh-1")).hasValue(1);
                assertThat(backend.currentVersion("fresh-2")).hasValue(2);
                assertThat(backend.currentVersion("reused-1")).isEmpty();
                assertThat(backend.currentVersion("taken-1")).hasValue(2);
                List<StoredEvent> log = backend.readAll(0, 100);
                assertThat(log).extracting(StoredEvent::position).containsExactly(longs(1, log.size()));
                assertThat(log).hasSize(1 + 2 + 2 + 3 + 1 + 2);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void a_multi_stream_append_sharing_a_transaction_with_other_writers_is_all_or_nothing() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend backend = new SqliteBackend(file)) {
            AppendRequest taken = append("taken-1", -1, 1);
            backend.append(taken);
            // an insert that fails after others of its append were written, as a full disk would
            try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = jdbc.createStatement()) {
                statement.execute("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' "
                        + "BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
            }
            NewEvent poison = new NewEvent(UUID.randomUUID(), "Poison", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
            SqliteWriter writer = backend.writer();
            ExecutorService threads = Executors.newCachedThreadPool();
            try {
                CountDownLatch inside = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Future<?> blocker = threads.submit(() -> writer.submit(session -> {
                    inside.countDown();
                    awaitQuietly(release);
                    return null;
                }));
                inside.await();
                long transactionsBefore = writer.transactions();

                List<Callable<?>> writes = List.of(
                        () -> backend.append(append("single-1", -1, 1)),
                        () -> backend.appendAll(List.of(append("multi-a", -1, 2), append("poisoned-1", -1, List.of(poison)))),
                        () -> backend.appendAll(List.of(append("multi-b", -1, 2), append("taken-1", 5, 1))),
                        () -> backend.appendAll(List.of(append("multi-c", -1, 2), append("multi-d", -1, 1))),
                        () -> backend.appendAll(List.of(append("multi-e", -1, 1),
                                append("reused-1", -1, List.of(Events.event("{}"), taken.events().get(0))))),
                        () -> backend.append(append("poisoned-2", -1, List.of(Events.event("{}"), poison))),
                        () -> backend.append(append("single-2", -1, 1)));
                List<Future<?>> results = new ArrayList<>();
                for (Callable<?> write : writes) {
                    results.add(threads.submit(write));
                    while (writer.queued() < results.size()) {
                        Thread.onSpinWait(); // keeps the queue in the order of the list
                    }
                }
                release.countDown();
                blocker.get();

                assertThat(results.get(0).get()).isInstanceOf(AppendResult.class);
                assertThat(failure(results.get(1))).isInstanceOf(StorageException.class).hasMessageContaining("poisoned");
                assertThat(failure(results.get(2))).isInstanceOfSatisfying(MultiStreamConflictException.class,
                        e -> assertThat(e.conflicts()).singleElement().satisfies(c -> {
                            assertThat(c.stream()).isEqualTo("taken-1");
                            assertThat(c.actualVersion()).isZero();
                        }));
                assertThat((List<?>) results.get(3).get()).extracting(r -> ((AppendResult) r).version()).containsExactly(1L, 0L);
                assertThat(failure(results.get(4))).isInstanceOf(DuplicateEventIdException.class);
                assertThat(failure(results.get(5))).isInstanceOf(StorageException.class).hasMessageContaining("poisoned");
                assertThat(results.get(6).get()).isInstanceOf(AppendResult.class);
                assertThat(writer.transactions() - transactionsBefore).isEqualTo(2);

                for (String stream : List.of("multi-a", "poisoned-1", "multi-b", "multi-e", "reused-1", "poisoned-2")) {
                    assertThat(backend.currentVersion(stream)).as(stream).isEmpty();
                }
                assertThat(backend.currentVersion("taken-1")).hasValue(0);
                assertThat(backend.listStreams(null, 10)).extracting(s -> s.stream())
                        .containsExactly("multi-c", "multi-d", "single-1", "single-2", "taken-1");
                List<StoredEvent> log = backend.readAll(0, 100);
                assertThat(log).extracting(StoredEvent::stream)
                        .containsExactly("taken-1", "single-1", "multi-c", "multi-c", "multi-d", "single-2");
                assertThat(log).extracting(StoredEvent::position).containsExactly(longs(1, 6));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void readers_neither_wait_for_a_running_write_transaction_nor_see_its_uncommitted_events() throws Exception {
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            backend.append(append("s-1", -1, 1));
            ExecutorService threads = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch written = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AppendOperation second = new AppendOperation(append("s-1", 0, 2));
                Future<AppendResult> held = threads.submit(() -> backend.writer().submit(session -> {
                    AppendResult result = second.apply(session); // written, not yet committed
                    written.countDown();
                    awaitQuietly(release);
                    return result;
                }));
                written.await();

                assertThat(backend.currentVersion("s-1")).hasValue(0);
                assertThat(backend.readAll(0, 10)).hasSize(1);
                assertThat(backend.headPosition()).isEqualTo(1);

                release.countDown();
                assertThat(held.get().version()).isEqualTo(2);
                assertThat(backend.readAll(0, 10)).hasSize(3);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void many_threads_racing_on_shared_streams_lose_nothing_and_duplicate_nothing() throws Exception {
        int threadCount = 8;
        int rounds = 40;
        try (SqliteBackend backend = new SqliteBackend(dir.resolve("annals.db"))) {
            ExecutorService threads = Executors.newFixedThreadPool(threadCount);
            CyclicBarrier barrier = new CyclicBarrier(threadCount);
            ConcurrentHashMap<String, AtomicInteger> won = new ConcurrentHashMap<>();
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                String own = "own-" + t;
                done.add(threads.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        String shared = "shared-" + (round % 2);
                        long seen = backend.currentVersion(shared).orElse(-1);
                        try {
                            backend.append(append(shared, seen, 1 + round % 3));
                            won.computeIfAbsent(shared, s -> new AtomicInteger()).addAndGet(1 + round % 3);
                        } catch (EventStoreConflictException e) {
                            conflicts.incrementAndGet();
                        }
                        AppendResult mine = backend.append(append(own, round - 1, 1)); // never contended: must succeed
                        assertThat(mine.version()).isEqualTo(round);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            threads.shutdown();

            assertThat(conflicts.get()).isPositive();
            for (int s = 0; s < 2; s++) {
                String shared = "shared-" + s;
                List<StoredEvent> events = backend.readStream(shared, -1, 100_000);
                assertThat(events).hasSize(won.get(shared).get());
                assertThat(events).extracting(StoredEvent::version).containsExactly(longs(0, events.size() - 1));
            }
            for (int t = 0; t < threadCount; t++) {
                assertThat(backend.currentVersion("own-" + t)).hasValue(rounds - 1);
            }
            List<StoredEvent> log = backend.readAll(0, 100_000);
            assertThat(log).extracting(StoredEvent::position).containsExactly(longs(1, log.size()));
            assertThat(log.stream().map(StoredEvent::eventId).distinct()).hasSize(log.size());
            assertThat(backend.writer().operations()).isEqualTo(2L * threadCount * rounds);
        }
    }

    private static Throwable failure(Future<?> future) throws InterruptedException {
        try {
            future.get();
            throw new AssertionError("expected the append to fail");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Long[] longs(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            values.add(i);
        }
        return values.toArray(Long[]::new);
    }
}
