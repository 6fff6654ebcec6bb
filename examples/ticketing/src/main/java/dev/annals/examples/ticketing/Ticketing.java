package dev.annals.examples.ticketing;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.IdCodec;
import dev.annals.SnapshotPolicy;
import dev.annals.StreamCategory;
import java.util.UUID;

/** Wires the ticketing domain to a store. */
public final class Ticketing {

    /** Tickets are stored in streams {@code ticket-<uuid>}. */
    public static final StreamCategory<UUID, TicketEvent> TICKETS = StreamCategory.of("ticket", IdCodec.uuid(), TicketEvent.class);

    private Ticketing() {
    }

    /** A ticket repository with the given snapshot policy. */
    public static EventSourcedRepository<Ticket, UUID> repository(Annals annals, SnapshotPolicy policy) {
        return EventSourcedRepository.builder(annals.eventStore(TICKETS), annals.snapshotStore(TICKETS, TicketSnapshot.class), Ticket::new)
                .policy(policy)
                .build();
    }
}
