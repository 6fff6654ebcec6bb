package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventStoreConflictException;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the same random operations (appends with right and wrong versions, retries, reused ids,
 * snapshots) against the reference in-memory backend and the SQLite one, and requires the same
 * outcome from each call and the same contents at the end.
 */
class SqliteMatchesMemoryBackendTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void random_operations_give_the_same_outcomes_as_the_reference(long seed) {
        Random random = new Random(seed);
        List<AppendRequest> sent = new ArrayList<>();
        try (MemoryBackend memory = new MemoryBackend(); SqliteBackend sqlite = new SqliteBackend(dir.resolve("annals.db"))) {
            for (int step = 0; step < 300; step++) {
                String stream = "s-" + random.nextInt(4);
                int kind = random.nextInt(10);
                if (kind < 6 || sent.isEmpty()) {
                    long current = memory.currentVersion(stream).orElse(-1);
                    long[] choices = {current, current, current, current - 1, current + 1, -1, AppendRequest.ANY};
                    AppendRequest request = new AppendRequest(stream, choices[random.nextInt(choices.length)],
                            Events.events(random.nextInt(4)), Instant.ofEpochSecond(random.nextInt(1_000_000), random.nextInt(1_000_000_000)));
                    sent.add(request);
                    same(memory, sqlite, b -> b.append(request));
                } else if (kind < 8) {
                    AppendRequest earlier = sent.get(random.nextInt(sent.size()));
                    AppendRequest retry = random.nextBoolean() ? earlier
                            : new AppendRequest(earlier.stream(), AppendRequest.ANY, earlier.events(), earlier.recordedAt());
                    same(memory, sqlite, b -> b.append(retry));
                } else if (kind < 9) {
                    AppendRequest earlier = sent.get(random.nextInt(sent.size()));
                    if (!earlier.events().isEmpty()) {
                        NewEvent reused = new NewEvent(earlier.events().get(0).eventId(), "Other", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
                        List<NewEvent> events = random.nextBoolean() ? List.of(reused) : List.of(Events.event("{}"), reused);
                        AppendRequest request = new AppendRequest(stream, AppendRequest.ANY, events, Events.NOW);
                        same(memory, sqlite, b -> b.append(request));
                    }
                } else {
                    StoredSnapshot snapshot = new StoredSnapshot(stream, random.nextInt(20), Events.NOW, "fp", UUID.randomUUID().toString(),
                            new byte[] {(byte) step});
                    int retain = 1 + random.nextInt(3);
                    same(memory, sqlite, b -> b.saveSnapshot(snapshot, retain));
                    if (random.nextInt(5) == 0) {
                        same(memory, sqlite, b -> {
                            b.clearSnapshots(snapshot.stream());
                            return null;
                        });
                    }
                }
            }
            for (int i = 0; i < 4; i++) {
                String stream = "s-" + i;
                same(memory, sqlite, b -> b.currentVersion(stream));
                same(memory, sqlite, b -> show(b.readStream(stream, -1, 1000)));
                same(memory, sqlite, b -> show(b.readStream(stream, 2, 3)));
                same(memory, sqlite, b -> b.snapshots(stream).stream().map(SqliteMatchesMemoryBackendTest::show).toList());
                same(memory, sqlite, b -> b.snapshotAtOrBefore(stream, 10).map(SqliteMatchesMemoryBackendTest::show));
            }
            same(memory, sqlite, b -> show(b.readAll(0, 10_000)));
            same(memory, sqlite, b -> show(b.readAll(5, 7)));
            same(memory, sqlite, b -> show(b.readAllBackward(20, 7)));
            same(memory, sqlite, StorageBackend::headPosition);
            same(memory, sqlite, b -> b.listStreams(null, 100));
            same(memory, sqlite, b -> b.listStreams("s-1", 2));
            same(memory, sqlite, b -> b.stats().events() + "/" + b.stats().streams() + "/" + b.stats().snapshots());
        }
    }

    /** Both backends return equal values or throw the same kind of exception. */
    private static void same(StorageBackend memory, StorageBackend sqlite, Function<StorageBackend, Object> call) {
        assertThat(outcome(sqlite, call)).isEqualTo(outcome(memory, call));
    }

    private static Object outcome(StorageBackend backend, Function<StorageBackend, Object> call) {
        try {
            return call.apply(backend);
        } catch (EventStoreConflictException e) {
            return "conflict " + e.expectedVersion() + " " + e.actualVersion();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static List<String> show(List<StoredEvent> events) {
        return events.stream().map(e -> e.stream() + "@" + e.version() + "#" + e.position() + " " + e.eventId() + " " + e.type()
                + " " + e.schemaVersion() + " " + e.recordedAt() + " " + Arrays.toString(e.metadata()) + " " + Events.text(e.payload()))
                .toList();
    }

    private static String show(StoredSnapshot s) {
        return s.stream() + "@" + s.version() + " " + s.createdAt() + " " + s.fingerprint() + " " + s.hash() + " " + Arrays.toString(s.state());
    }
}
