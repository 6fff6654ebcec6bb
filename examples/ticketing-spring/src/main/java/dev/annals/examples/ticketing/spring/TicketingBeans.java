package dev.annals.examples.ticketing.spring;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.SnapshotPolicy;
import dev.annals.examples.ticketing.OpenTicketsProjection;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.spring.ManagedSubscription;
import dev.annals.subscription.SubscriptionOptions;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the application makes from the {@link Annals} store that the starter opens: its repository, and
 * its projection, which starts with the application and stops, after its current batch, with it.
 */
@Configuration(proxyBeanMethods = false)
public class TicketingBeans {

    /** The subscription name of the open-tickets projection. */
    public static final String OPEN_TICKETS = "open-tickets";

    @Bean
    public EventSourcedRepository<Ticket, UUID> tickets(Annals annals) {
        return Ticketing.repository(annals, SnapshotPolicy.defaultPolicy());
    }

    @Bean
    public ManagedSubscription openTickets(Annals annals) {
        return ManagedSubscription.project(annals, OPEN_TICKETS, SubscriptionOptions.defaults().categories(Ticketing.TICKETS),
                new OpenTicketsProjection());
    }
}
