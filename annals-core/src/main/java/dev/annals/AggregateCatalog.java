package dev.annals;

import java.util.List;

/**
 * The snapshotted aggregate types of an application, for tools that check snapshots against their
 * events (the {@code annals verify} command): each names its category, its snapshot state class and
 * how to make a fresh aggregate. Found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/dev.annals.AggregateCatalog} of the jar that holds the domain,
 * and put that jar on the tool's class path.
 *
 * <pre>{@code
 * public final class TicketingCatalog implements AggregateCatalog {
 *     public List<VerifiableAggregate<?, ?, ?>> aggregates() {
 *         return List.of(VerifiableAggregate.of(TICKETS, TicketSnapshot.class, Ticket::new));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface AggregateCatalog {

    /** The aggregate types, at most one per category. */
    List<VerifiableAggregate<?, ?, ?>> aggregates();
}
