package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.CopyOptions;
import dev.annals.CopyReport;
import dev.annals.DeleteMode;
import dev.annals.StreamDeletedException;
import dev.annals.internal.SnapshotHash;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.SubscriptionStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Annals#copy} carries deleted and truncated streams between real stores: a SQLite file and a PostgreSQL
 * schema (on the server of {@code ANNALS_PG_URL}, default the loopback one), both ways.
 */
@Tag("servers") // a PostgreSQL and a NATS server on loopback (or as the environment names them): -Pservers
class CopyStreamStatesBetweenBackendsTest {

    private static final List<String> STREAMS = List.of("ticket-soft", "ticket-again", "ticket-trunc", "ticket-hard", "ticket-plain");

    @TempDir
    Path dir;

    @Test
    void sqlite_to_postgresql_and_back_keeps_soft_deletes_truncations_and_hard_deletes() {
        String sqlite = "sqlite:" + dir.resolve("states.db");
        String back = "sqlite:" + dir.resolve("back.db");
        try (Annals source = Annals.open(sqlite)) {
            writeStreamsWithStates(source.backend());
        }
        try (ScratchStore postgres = Annals.scratch(CopyBetweenBackendsTest.POSTGRES)) {
            CopyReport toPostgres = CopyBetweenBackendsTest.copy(sqlite, postgres.url(), CopyOptions.everything().pageSize(3));
            CopyReport toSqlite = CopyBetweenBackendsTest.copy(postgres.url(), back, CopyOptions.everything().pageSize(3));

            for (CopyReport report : List.of(toPostgres, toSqlite)) {
                assertThat(report.verified()).as("%s", report).isTrue();
                assertThat(report.source().streamStates()).isEqualTo(4);
            }
            assertThat(toSqlite.target().streamStateDigest()).isEqualTo(toPostgres.source().streamStateDigest());
            try (Annals from = Annals.openExisting(sqlite); Annals to = Annals.openExisting(postgres.url())) {
                assertBehaveAlike(from.backend(), to.backend());
            }
        }
        try (Annals from = Annals.openExisting(sqlite); Annals to = Annals.openExisting(back)) {
            assertBehaveAlike(from.backend(), to.backend());
        }
    }

    @Test
    void checkpoints_move_from_sqlite_to_postgresql_and_back_mapped_to_the_positions_of_the_same_events() {
        String sqlite = "sqlite:" + dir.resolve("checkpoints.db");
        String back = "sqlite:" + dir.resolve("checkpoints-back.db");
        StoredEvent handled;
        try (Annals source = Annals.open(sqlite)) {
            writeStreamsWithStates(source.backend());
            List<StoredEvent> log = source.backend().readAll(0, 100);
            handled = log.get(log.size() - 2);
            saveCheckpoint(source.backend(), "projection-a", 0, handled.position());
            saveCheckpoint(source.backend(), "projection-a", 1, log.get(0).position());
        }
        try (ScratchStore postgres = Annals.scratch(CopyBetweenBackendsTest.POSTGRES)) {
            CopyReport toPostgres = CopyBetweenBackendsTest.copy(sqlite, postgres.url(), CopyOptions.everything());
            CopyReport toSqlite = CopyBetweenBackendsTest.copy(postgres.url(), back, CopyOptions.everything());

            long inPostgres = positionOf(postgres.url(), handled);
            assertThat(inPostgres).as("the hard delete left a hole in the source's positions").isLessThan(handled.position());
            assertThat(toPostgres.checkpoints()).contains(new CopyReport.Checkpoint("projection-a", 0, handled.position(), inPostgres));
            assertThat(checkpoint(postgres.url(), "projection-a", 0)).isEqualTo(inPostgres);
            assertThat(toSqlite.checkpoints()).contains(new CopyReport.Checkpoint("projection-a", 0, inPostgres, positionOf(back, handled)));
            assertThat(checkpoint(back, "projection-a", 0)).isEqualTo(positionOf(back, handled));
            assertThat(checkpoint(back, "projection-a", 1)).isEqualTo(1);
        }
    }

    private static void saveCheckpoint(StorageBackend backend, String subscription, int partition, long position) {
        SubscriptionStorage subscriptions = backend.subscriptionStorage().orElseThrow();
        long token = subscriptions.acquireLease(subscription, partition, "test", Duration.ofSeconds(30)).orElseThrow();
        subscriptions.saveCheckpoint(subscription, partition, token, position);
        subscriptions.releaseLease(subscription, partition, "test", token);
    }

    private static long checkpoint(String url, String subscription, int partition) {
        try (Annals annals = Annals.openExisting(url)) {
            return annals.backend().subscriptionStorage().orElseThrow().checkpoint(subscription, partition).orElseThrow().position();
        }
    }

    /** The position {@code event} (by its stream and version) has in the store at {@code url}. */
    private static long positionOf(String url, StoredEvent event) {
        try (Annals annals = Annals.openExisting(url)) {
            StoredEvent held = annals.backend().readStream(event.stream(), event.version() - 1, 1).get(0);
            assertThat(held.eventId()).isEqualTo(event.eventId());
            return held.position();
        }
    }

    /** The streams read alike, and written to again they continue alike: versions after the deletes, hard deletes refused. */
    private static void assertBehaveAlike(StorageBackend source, StorageBackend target) {
        for (String stream : STREAMS) {
            assertThat(target.streamState(stream)).as(stream).extracting("deletedBefore", "truncatedBefore", "hardDeleted")
                    .containsExactly(source.streamState(stream).deletedBefore(), source.streamState(stream).truncatedBefore(),
                            source.streamState(stream).hardDeleted());
            assertThat(target.currentVersion(stream)).as(stream).isEqualTo(source.currentVersion(stream));
            assertThat(target.readStream(stream, -1, 100)).as(stream).usingRecursiveFieldByFieldElementComparatorIgnoringFields("position")
                    .isEqualTo(source.readStream(stream, -1, 100));
        }
        assertThat(target.readStream("ticket-trunc", -1, 100)).extracting(e -> e.version()).containsExactly(4L, 5L, 6L);
        assertThat(target.currentVersion("ticket-soft")).isEmpty();
        AppendRequest again = request("ticket-soft", AppendRequest.NO_STREAM, 1);
        assertThat(target.append(again).version()).as("after the soft delete, versions continue").isEqualTo(3);
        assertThatThrownBy(() -> target.append(request("ticket-hard", AppendRequest.ANY, 1))).isInstanceOf(StreamDeletedException.class);
    }

    /**
     * Five streams, their events interleaved: soft-deleted (3 events); soft-deleted after 2 events and written
     * again (2 more); truncated before 4 of 7; 2 events then deleted for good; plain.
     */
    static void writeStreamsWithStates(StorageBackend backend) {
        backend.append(request("ticket-soft", AppendRequest.NO_STREAM, 2));
        backend.append(request("ticket-again", AppendRequest.NO_STREAM, 2));
        backend.append(request("ticket-trunc", AppendRequest.NO_STREAM, 3));
        backend.append(request("ticket-hard", AppendRequest.NO_STREAM, 2));
        backend.append(request("ticket-soft", 1, 1));
        backend.deleteStream("ticket-again", 1, DeleteMode.SOFT);
        backend.append(request("ticket-plain", AppendRequest.NO_STREAM, 2));
        backend.append(request("ticket-trunc", 2, 4));
        backend.append(request("ticket-again", AppendRequest.NO_STREAM, 2));
        backend.deleteStream("ticket-soft", 2, DeleteMode.SOFT);
        byte[] state = "{}".getBytes(StandardCharsets.UTF_8);
        backend.saveSnapshot(new StoredSnapshot("ticket-trunc", 5, Instant.now(), "fp1", SnapshotHash.of("ticket-trunc", 5, state), state), 1);
        backend.truncateBefore("ticket-trunc", 4);
        backend.deleteStream("ticket-hard", 1, DeleteMode.HARD);
        backend.append(request("ticket-plain", 1, 1));
    }

    static AppendRequest request(String stream, long expected, int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            events.add(new NewEvent(id, "noted", 1, new byte[0], ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return new AppendRequest(stream, expected, events, Instant.now());
    }
}
