package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredSnapshot;
import io.nats.client.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A load reads the newest snapshot from the key's last revision alone, so that revision must be the newest
 * kept: saves write with compare-and-set on the last revision (and, on a replicated bucket, write the newest
 * again when another save slipped between). Saves with a plain put fail the race test: a save of a lower
 * version decided before a higher one landed would be the last revision.
 */
class SnapshotRevisionsTest {

    private static final int WRITERS = 4;
    private static final int SAVES = 40;

    @Test
    void after_racing_saves_the_last_revision_is_the_newest_snapshot_on_one_node() throws Exception {
        try (NatsBackend backend = NatsFixture.openStore("snaps" + UUID.randomUUID().toString().substring(0, 8))) {
            racingSavesLeaveTheNewestLast(backend, true);
        }
    }

    @Test
    void after_racing_saves_the_last_revision_is_the_newest_snapshot_on_a_cluster() throws Exception {
        String store = "snapsr3" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            racingSavesLeaveTheNewestLast(backend, false);
        }
    }

    /**
     * Writers save snapshots of versions in random order. With {@code afterEach} (a single node, where
     * compare-and-set is serial), each writer checks after each save that the newest read is at least the version
     * it saved; on a cluster, a reader may see an older kept snapshot until the racing save wrote the newest again,
     * so only the end is checked.
     */
    private static void racingSavesLeaveTheNewestLast(NatsBackend backend, boolean afterEach) throws Exception {
        String stream = "raced-" + UUID.randomUUID();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            long highest = -1;
            for (int writer = 0; writer < WRITERS; writer++) {
                int own = writer;
                done.add(writers.submit(() -> {
                    java.util.Random random = new java.util.Random(own);
                    for (int i = 0; i < SAVES; i++) {
                        long version = (long) random.nextInt(SAVES) * WRITERS + own;
                        backend.saveSnapshot(snapshot(stream, version), 3);
                        if (afterEach) {
                            assertThat(backend.snapshotAtOrBefore(stream, Long.MAX_VALUE)).get()
                                    .extracting(StoredSnapshot::version).as("the newest after saving %d", version)
                                    .satisfies(newest -> assertThat(newest).isGreaterThanOrEqualTo(version));
                        }
                    }
                    return null;
                }));
                highest = Math.max(highest, maxOf(own));
            }
            for (Future<?> writer : done) {
                writer.get(2, TimeUnit.MINUTES);
            }
            assertNewestIs(backend, stream, highest);
        } finally {
            writers.shutdownNow();
        }
    }

    /** The highest version writer {@code own} saves (the same random sequence as its saves). */
    private static long maxOf(int own) {
        java.util.Random random = new java.util.Random(own);
        long max = -1;
        for (int i = 0; i < SAVES; i++) {
            max = Math.max(max, (long) random.nextInt(SAVES) * WRITERS + own);
        }
        return max;
    }

    private static void assertNewestIs(NatsBackend backend, String stream, long highest) {
        StoredSnapshot newest = backend.snapshotAtOrBefore(stream, Long.MAX_VALUE).orElseThrow();
        assertThat(newest.version()).isEqualTo(highest);
        assertThat(backend.snapshots(stream)).first().satisfies(folded -> {
            assertThat(folded.version()).isEqualTo(newest.version());
            assertThat(folded.hash()).isEqualTo(newest.hash());
        });
        assertThat(backend.snapshots(stream)).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void revisions_of_earlier_versions_are_folded_and_a_save_on_top_of_them_is_read_alone_again() throws Exception {
        try (NatsBackend backend = NatsFixture.openStore("snapsold" + UUID.randomUUID().toString().substring(0, 8))) {
            String stream = "old-" + UUID.randomUUID();
            KeyValue bucket = backend.connection().keyValue(backend.layout().snapshotBucket());
            String key = backend.layout().snapshotKey(stream);
            // as Annals wrote them before saves used compare-and-set: the lower version landed last
            bucket.put(key, earlierFormat(snapshot(stream, 10)));
            bucket.put(key, earlierFormat(snapshot(stream, 5)));

            assertThat(backend.snapshotAtOrBefore(stream, Long.MAX_VALUE)).get().extracting(StoredSnapshot::version).isEqualTo(10L);
            assertThat(backend.saveSnapshot(snapshot(stream, 7), 5)).as("older than the newest kept").isFalse();
            assertThat(backend.saveSnapshot(snapshot(stream, 12), 5)).isTrue();

            assertThat(backend.snapshotAtOrBefore(stream, Long.MAX_VALUE)).get().extracting(StoredSnapshot::version).isEqualTo(12L);
            assertThat(backend.snapshotAtOrBefore(stream, 11)).get().extracting(StoredSnapshot::version).isEqualTo(10L);
            assertThat(backend.snapshots(stream)).extracting(StoredSnapshot::version).containsExactly(12L, 10L);
        }
    }

    private static byte[] earlierFormat(StoredSnapshot snapshot) {
        byte[] value = SnapshotEntries.encode(snapshot, 5);
        value[0] = 1;
        return value;
    }

    private static StoredSnapshot snapshot(String stream, long version) {
        byte[] state = ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8);
        return new StoredSnapshot(stream, version, Instant.parse("2026-12-02T00:00:00Z"), "fp", "hash-" + version, state);
    }
}
