package dev.annals.sqlite;

import dev.annals.testkit.ChildJvm;
import static dev.annals.sqlite.Events.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventStoreConflictException;
import dev.annals.spi.StoredEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chosen policy for several openers of one file: they all work. SQLite's file locks serialize
 * their write transactions, and each writer reads versions and positions inside its transaction,
 * so appends from two instances or two processes stay version-checked, gap-free and visible to each
 * other.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedFileTest {

    @TempDir
    Path dir;

    @Test
    void two_instances_on_one_file_see_each_others_appends_and_race_correctly() throws Exception {
        Path file = dir.resolve("annals.db");
        try (SqliteBackend first = new SqliteBackend(file); SqliteBackend second = new SqliteBackend(file)) {
            first.append(append("a-1", -1, 2));
            assertThat(second.currentVersion("a-1")).hasValue(1);
            assertThat(second.append(append("a-1", 1, 1)).positions()).containsExactly(3L);
            assertThat(first.readStream("a-1", -1, 10)).hasSize(3);

            // both instances race for the same versions of one stream from several threads
            ExecutorService threads = Executors.newFixedThreadPool(4);
            AtomicInteger written = new AtomicInteger(3);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SqliteBackend backend = t % 2 == 0 ? first : second;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        long seen = backend.currentVersion("a-1").orElse(-1);
                        try {
                            backend.append(append("a-1", seen, 2));
                            written.addAndGet(2);
                        } catch (EventStoreConflictException e) {
                            // lost the race, wrote nothing
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            threads.shutdown();
            for (SqliteBackend backend : List.of(first, second)) {
                List<StoredEvent> events = backend.readStream("a-1", -1, 10_000);
                assertThat(events).hasSize(written.get());
                assertThat(events).extracting(StoredEvent::version).containsExactly(GroupCommitTest.longs(0, written.get() - 1));
                assertThat(backend.readAll(0, 10_000)).extracting(StoredEvent::position)
                        .containsExactly(GroupCommitTest.longs(1, written.get()));
            }
        }
    }

    @Test
    void a_second_process_writing_the_same_file_at_the_same_time_loses_nothing() throws Exception {
        Path file = dir.resolve("annals.db");
        int appendsPerThread = 60;
        try (SqliteBackend parent = new SqliteBackend(file);
             ChildJvm child = ChildJvm.start(ChildAppender.class, dir.resolve("child.err"), file.toString(), "child", "2", String.valueOf(appendsPerThread), "shared")) {
            child.awaitReady(); // so that both processes write at the same time
            int parentEvents = 0;
            for (int i = 0; i < 2 * appendsPerThread; i++) {
                String stream = i % 2 == 0 ? "parent-0" : "shared";
                while (true) {
                    long seen = parent.currentVersion(stream).orElse(-1);
                    try {
                        parent.append(append(stream, seen, 1 + i % 3));
                        parentEvents += 1 + i % 3;
                        break;
                    } catch (EventStoreConflictException e) {
                        // the child got there first
                    }
                }
            }
            assertThat(child.awaitExit()).as(child.describe()).isZero();
            assertThat(child.lines()).last().isEqualTo("DONE");

            int childEvents = child.acks().stream().mapToInt(ack -> Integer.parseInt(ack[3])).sum();
            assertThat(child.acks()).hasSize(2 * appendsPerThread);
            List<StoredEvent> log = parent.readAll(0, 100_000);
            assertThat(log).hasSize(parentEvents + childEvents);
            assertThat(log).extracting(StoredEvent::position).containsExactly(GroupCommitTest.longs(1, log.size()));
            for (var stream : parent.listStreams(null, 10)) {
                assertThat(parent.readStream(stream.stream(), -1, 100_000)).extracting(StoredEvent::version)
                        .containsExactly(GroupCommitTest.longs(0, stream.version()));
            }
            assertThat(parent.listStreams(null, 10)).extracting(s -> s.stream())
                    .containsExactly("child-0", "child-1", "parent-0", "shared");
        }
    }
}
