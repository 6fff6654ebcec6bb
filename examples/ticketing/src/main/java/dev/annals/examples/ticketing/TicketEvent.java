package dev.annals.examples.ticketing;

import dev.annals.EventType;
import java.time.Instant;
import java.util.UUID;

/** What can happen to a ticket. Each event is stored under the stable name of its {@link EventType}. */
public sealed interface TicketEvent {

    UUID ticketId();

    @EventType("ticket-opened")
    record TicketOpened(UUID ticketId, String title, String reporter, Priority priority, Instant openedAt) implements TicketEvent {
    }

    @EventType("ticket-assigned")
    record TicketAssigned(UUID ticketId, String assignee) implements TicketEvent {
    }

    @EventType("ticket-commented")
    record TicketCommented(UUID ticketId, String author, String text) implements TicketEvent {
    }

    @EventType("ticket-priority-changed")
    record TicketPriorityChanged(UUID ticketId, Priority priority) implements TicketEvent {
    }

    @EventType("ticket-resolved")
    record TicketResolved(UUID ticketId, String resolution) implements TicketEvent {
    }

    @EventType("ticket-reopened")
    record TicketReopened(UUID ticketId, String reason) implements TicketEvent {
    }
}
