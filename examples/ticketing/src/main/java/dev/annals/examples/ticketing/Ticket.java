package dev.annals.examples.ticketing;

import dev.annals.AggregateRoot;
import dev.annals.Snapshotting;
import dev.annals.InvalidArgumentException;
import dev.annals.examples.ticketing.TicketEvent.TicketAssigned;
import dev.annals.examples.ticketing.TicketEvent.TicketCommented;
import dev.annals.examples.ticketing.TicketEvent.TicketOpened;
import dev.annals.examples.ticketing.TicketEvent.TicketPriorityChanged;
import dev.annals.examples.ticketing.TicketEvent.TicketReopened;
import dev.annals.examples.ticketing.TicketEvent.TicketResolved;
import java.time.Instant;
import java.util.UUID;

/** A support ticket: opened, assigned, commented, re-prioritized, resolved and reopened. Not thread-safe. */
public final class Ticket extends AggregateRoot<UUID, TicketEvent> implements Snapshotting<TicketSnapshot> {

    private TicketSnapshot state;

    public Ticket(UUID id) {
        super(id);
    }

    /** A new ticket, with its opening recorded. */
    public static Ticket open(UUID id, String title, String reporter, Priority priority, Instant at) {
        Ticket ticket = new Ticket(id);
        ticket.record(new TicketOpened(id, title, reporter, priority, at));
        return ticket;
    }

    public void assign(String assignee) {
        requireOpen();
        record(new TicketAssigned(id(), assignee));
    }

    public void comment(String author, String text) {
        requireOpened();
        record(new TicketCommented(id(), author, text));
    }

    public void changePriority(Priority priority) {
        requireOpen();
        record(new TicketPriorityChanged(id(), priority));
    }

    public void resolve(String resolution) {
        requireOpen();
        record(new TicketResolved(id(), resolution));
    }

    public void reopen(String reason) {
        requireOpened();
        InvalidArgumentException.require(state.status() == TicketStatus.RESOLVED, "ticket " + id() + " is not resolved");
        record(new TicketReopened(id(), reason));
    }

    public TicketSnapshot state() {
        return state;
    }

    @Override
    protected void apply(TicketEvent event) {
        state = fold(state, event);
    }

    /** The state after {@code event}; {@code state} is null before the ticket was opened. */
    public static TicketSnapshot fold(TicketSnapshot state, TicketEvent event) {
        if (event instanceof TicketOpened e) {
            return new TicketSnapshot(e.ticketId(), e.title(), e.reporter(), e.priority(), TicketStatus.OPEN, null, 0, null, 0,
                    e.openedAt());
        }
        TicketSnapshot s = state;
        if (event instanceof TicketAssigned e) {
            return new TicketSnapshot(s.id(), s.title(), s.reporter(), s.priority(), s.status(), e.assignee(), s.comments(),
                    s.lastCommentAuthor(), s.reopenCount(), s.openedAt());
        } else if (event instanceof TicketCommented e) {
            return new TicketSnapshot(s.id(), s.title(), s.reporter(), s.priority(), s.status(), s.assignee(), s.comments() + 1,
                    e.author(), s.reopenCount(), s.openedAt());
        } else if (event instanceof TicketPriorityChanged e) {
            return new TicketSnapshot(s.id(), s.title(), s.reporter(), e.priority(), s.status(), s.assignee(), s.comments(),
                    s.lastCommentAuthor(), s.reopenCount(), s.openedAt());
        } else if (event instanceof TicketResolved) {
            return new TicketSnapshot(s.id(), s.title(), s.reporter(), s.priority(), TicketStatus.RESOLVED, s.assignee(),
                    s.comments(), s.lastCommentAuthor(), s.reopenCount(), s.openedAt());
        } else if (event instanceof TicketReopened) {
            return new TicketSnapshot(s.id(), s.title(), s.reporter(), s.priority(), TicketStatus.OPEN, s.assignee(), s.comments(),
                    s.lastCommentAuthor(), s.reopenCount() + 1, s.openedAt());
        }
        throw new IllegalStateException("unhandled ticket event " + event);
    }

    @Override
    public TicketSnapshot snapshotState() {
        return state;
    }

    @Override
    public void restoreState(TicketSnapshot snapshot) {
        this.state = snapshot;
    }

    private void requireOpened() {
        InvalidArgumentException.require(state != null, "ticket " + id() + " was never opened");
    }

    private void requireOpen() {
        requireOpened();
        InvalidArgumentException.require(state.status() == TicketStatus.OPEN, "ticket " + id() + " is resolved");
    }
}
