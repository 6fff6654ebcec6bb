package dev.annals.examples.ticketing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AggregateCatalog;
import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.SnapshotVerification;
import dev.annals.SnapshotVerification.Checks;
import dev.annals.SnapshotVerification.Result;
import dev.annals.VerifiableAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ticket catalog is found with ServiceLoader, and with it ticket snapshots are checked against a fold of their events. */
class TicketingCatalogTest {

    private static List<VerifiableAggregate<?, ?, ?>> catalogued() {
        List<VerifiableAggregate<?, ?, ?>> aggregates = new ArrayList<>();
        ServiceLoader.load(AggregateCatalog.class).forEach(catalog -> aggregates.addAll(catalog.aggregates()));
        return aggregates;
    }

    private static UUID ticketWithASnapshotAt29(Annals annals) {
        EventSourcedRepository<Ticket, UUID> tickets = Ticketing.repository(annals, SnapshotPolicy.everyEvents(10));
        UUID id = UUID.randomUUID();
        Ticket ticket = Ticket.open(id, "printer", "alice", Priority.HIGH, Instant.now());
        for (int i = 1; i < 30; i++) {
            ticket.comment("bob", "comment " + i);
        }
        tickets.save(ticket);
        ticket.resolve("fixed");
        tickets.save(ticket);
        return id;
    }

    @Test
    void the_catalog_on_the_class_path_names_the_ticket_category() {
        assertThat(catalogued()).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.category().name()).isEqualTo("ticket");
            assertThat(aggregate.stateType()).isEqualTo(TicketSnapshot.class);
        });
    }

    @Test
    void a_snapshot_equal_to_the_fold_of_its_events_passes_every_check() {
        try (Annals annals = Annals.open("memory:")) {
            UUID id = ticketWithASnapshotAt29(annals);

            List<Result> results = new SnapshotVerification(annals, catalogued()).verify("ticket-" + id);

            assertThat(results).singleElement().isEqualTo(new Result("ticket-" + id, "ticket", 29, Checks.HASH_FINGERPRINT_AND_FOLD, true, "ok"));
        }
    }

    @Test
    void a_snapshot_that_is_not_the_fold_of_its_events_up_to_its_version_fails_though_its_hash_holds() {
        try (Annals annals = Annals.open("memory:")) {
            UUID id = ticketWithASnapshotAt29(annals);
            SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
            TicketSnapshot atTheEnd = Ticketing.repository(annals, SnapshotPolicy.never()).get(id).state();
            snapshots.saveSnapshot(Snapshot.of(id, 29, atTheEnd));

            List<Result> results = new SnapshotVerification(annals, catalogued()).verify("ticket-" + id);

            assertThat(results).singleElement().satisfies(result -> {
                assertThat(result.ok()).isFalse();
                assertThat(result.detail()).startsWith("state differs from a fold of the events");
            });
        }
    }

    @Test
    void a_snapshot_beyond_the_end_of_its_stream_fails() {
        try (Annals annals = Annals.open("memory:")) {
            UUID id = ticketWithASnapshotAt29(annals);
            SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
            snapshots.saveSnapshot(Snapshot.of(id, 99, snapshots.getLatestSnapshot(id).orElseThrow().state()));

            List<Result> results = new SnapshotVerification(annals, catalogued()).verify("ticket-" + id);

            assertThat(results).singleElement().extracting(Result::detail).isEqualTo("the stream ends at version 30, before the snapshot's");
        }
    }

    @Test
    void without_an_aggregate_type_for_the_category_only_the_hash_is_checked() {
        try (Annals annals = Annals.open("memory:")) {
            UUID id = ticketWithASnapshotAt29(annals);

            List<Result> results = new SnapshotVerification(annals, List.of()).verify("ticket-" + id);

            assertThat(results).singleElement().extracting(Result::checks, Result::ok).containsExactly(Checks.HASH, true);
        }
    }
}
