package dev.annals.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.StorageException;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.internal.SnapshotHash;
import dev.annals.spi.StoredSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotMetersTest {

    @TempDir
    Path dir;

    @Test
    void loads_count_hits_each_skipped_snapshot_by_reason_and_full_replays() {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("s.db"), telemetry.observability())) {
            EventSourcedRepository<Ticket, UUID> tickets = Ticketing.repository(annals, SnapshotPolicy.everyEvents(1));
            UUID id = UUID.randomUUID();
            Ticket ticket = Ticket.open(id, "Printer on fire", "alice", Priority.URGENT, Instant.now());
            ticket.assign("bob");
            tickets.save(ticket);                                   // 2 events, then a snapshot at version 1
            assertThat(count(telemetry, "annals.snapshot.write", "stored")).isEqualTo(1);

            tickets.get(id);                                        // from the snapshot
            assertThat(count(telemetry, "annals.snapshot.load", "hit")).isEqualTo(1);

            String stream = "ticket-" + id;
            StoredSnapshot good = annals.backend().snapshots(stream).get(0);
            annals.backend().saveSnapshot(new StoredSnapshot(stream, 1, good.createdAt(), good.fingerprint(), "0".repeat(64),
                    good.state()), 1);
            tickets.get(id);                                        // hash broken: skipped, then a full replay
            assertThat(count(telemetry, "annals.snapshot.load", "integrity_failed")).isEqualTo(1);
            assertThat(count(telemetry, "annals.snapshot.load", "full_replay")).isEqualTo(1);

            annals.backend().saveSnapshot(new StoredSnapshot(stream, 1, good.createdAt(), "another-shape",
                    SnapshotHash.of(stream, 1, good.state()), good.state()), 1);
            tickets.get(id);
            assertThat(count(telemetry, "annals.snapshot.load", "schema_mismatch")).isEqualTo(1);
            assertThat(count(telemetry, "annals.snapshot.load", "full_replay")).isEqualTo(2);

            tickets.find(UUID.randomUUID());                        // nothing stored at all
            assertThat(count(telemetry, "annals.snapshot.load", "none")).isEqualTo(1);

            var replayed = telemetry.registry.get("annals.repository.replayed").tag("category", "ticket").summary();
            assertThat(replayed.count()).as("loads that found the aggregate or not").isEqualTo(4);
            assertThat(replayed.totalAmount()).as("0 after the snapshot, 2 and 2 on full replays, 0 for none").isEqualTo(4);
            assertThat(telemetry.registry.get("annals.repository.load").tags("category", "ticket", "outcome", "ok").timer().count())
                    .isEqualTo(4);
            assertThat(telemetry.registry.get("annals.repository.save").tags("category", "ticket", "outcome", "ok").timer().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void a_snapshot_that_cannot_be_stored_is_counted_as_failed() {
        try (TestTelemetry telemetry = new TestTelemetry(); Annals annals = Annals.open("memory:", telemetry.observability())) {
            EventSourcedRepository<Ticket, UUID> tickets = EventSourcedRepository.builder(annals.eventStore(Ticketing.TICKETS),
                    new FailingSnapshots(), Ticket::new).policy(SnapshotPolicy.everyEvents(1)).build();
            tickets.save(Ticket.open(UUID.randomUUID(), "Printer on fire", "alice", Priority.URGENT, Instant.now()));
            assertThat(count(telemetry, "annals.snapshot.write", "failed")).isEqualTo(1);
            assertThat(telemetry.registry.find("annals.snapshot.write").tag("result", "stored").counter()).isNull();
        }
    }

    private static double count(TestTelemetry telemetry, String name, String result) {
        var counter = telemetry.registry.find(name).tags("category", "ticket", "result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A snapshot store whose writes fail, as a store that lost its connection does. */
    private static final class FailingSnapshots implements SnapshotStore<UUID, TicketSnapshot> {

        @Override
        public void saveSnapshot(Snapshot<UUID, TicketSnapshot> snapshot) {
            throw new StorageException("the snapshot store is down", null);
        }

        @Override
        public Optional<Snapshot<UUID, TicketSnapshot>> getLatestSnapshot(UUID aggregateId) {
            return Optional.empty();
        }

        @Override
        public Optional<Snapshot<UUID, TicketSnapshot>> getSnapshotAtOrBefore(UUID aggregateId, long version) {
            return Optional.empty();
        }

        @Override
        public void clearSnapshots(UUID aggregateId) {
        }
    }
}
