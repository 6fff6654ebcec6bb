package dev.annals.examples.ticketing.spring;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.InvalidArgumentException;
import dev.annals.examples.ticketing.OpenTicketsProjection;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketSnapshot;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tickets over HTTP: each command loads the ticket (its newest snapshot and the events after it), records
 * an event and saves with optimistic concurrency; reads of the open-tickets read model go to the
 * projection's table. Errors are mapped by {@link TicketErrors}.
 */
@RestController
@RequestMapping("/tickets")
public class TicketController {

    /** The body of {@code POST /tickets}. */
    public record OpenTicket(String title, String reporter, Priority priority) {
    }

    /** The body of {@code POST /tickets/{id}/assign}. */
    public record Assignment(String assignee) {
    }

    /** The body of {@code POST /tickets/{id}/close}. */
    public record Resolution(String resolution) {
    }

    private final EventSourcedRepository<Ticket, UUID> tickets;
    private final Annals annals;

    public TicketController(EventSourcedRepository<Ticket, UUID> tickets, Annals annals) {
        this.tickets = tickets;
        this.annals = annals;
    }

    @PostMapping
    public ResponseEntity<TicketSnapshot> open(@RequestBody OpenTicket request) {
        InvalidArgumentException.requireNonNull(request.title(), "title");
        InvalidArgumentException.requireNonNull(request.reporter(), "reporter");
        InvalidArgumentException.requireNonNull(request.priority(), "priority");
        Ticket ticket = Ticket.open(UUID.randomUUID(), request.title(), request.reporter(), request.priority(), Instant.now());
        tickets.save(ticket);
        return ResponseEntity.created(URI.create("/tickets/" + ticket.id())).body(ticket.state());
    }

    @PostMapping("/{id}/assign")
    public TicketSnapshot assign(@PathVariable UUID id, @RequestBody Assignment request) {
        InvalidArgumentException.requireNonNull(request.assignee(), "assignee");
        Ticket ticket = tickets.get(id);
        ticket.assign(request.assignee());
        tickets.save(ticket);
        return ticket.state();
    }

    @PostMapping("/{id}/close")
    public TicketSnapshot close(@PathVariable UUID id, @RequestBody Resolution request) {
        InvalidArgumentException.requireNonNull(request.resolution(), "resolution");
        Ticket ticket = tickets.get(id);
        ticket.resolve(request.resolution());
        tickets.save(ticket);
        return ticket.state();
    }

    @GetMapping("/{id}")
    public TicketSnapshot get(@PathVariable UUID id) {
        return tickets.get(id).state();
    }

    /** The open tickets per assignee, from the projection's read model (it may lag the commands by a moment). */
    @GetMapping("/open-by-assignee")
    public Map<String, Long> openByAssignee() {
        return annals.subscriptions().readModel(OpenTicketsProjection::openByAssignee);
    }
}
