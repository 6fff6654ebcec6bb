package dev.annals.examples.ticketing;

import dev.annals.AggregateCatalog;
import dev.annals.VerifiableAggregate;
import java.util.List;

/** The ticket aggregate for {@code annals verify}: ticket snapshots are checked against a fold of their events. */
public final class TicketingCatalog implements AggregateCatalog {

    @Override
    public List<VerifiableAggregate<?, ?, ?>> aggregates() {
        return List.of(VerifiableAggregate.of(Ticketing.TICKETS, TicketSnapshot.class, Ticket::new));
    }
}
