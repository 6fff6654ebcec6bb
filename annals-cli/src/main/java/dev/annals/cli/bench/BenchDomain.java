package dev.annals.cli.bench;

import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.TicketEvent.TicketCommented;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The payload of the standard workloads: one {@code TicketCommented} of about 200 bytes of JSON. Stateless. */
public final class BenchDomain {

    public static final String TEXT = "Checked the gateway logs again: the timeout happens after the second retry, "
            + "only for requests routed through the EU edge; escalating.";

    private BenchDomain() {
    }

    public static TicketEvent comment(UUID ticket, int n) {
        return new TicketCommented(ticket, "agent-" + (n % 100), TEXT);
    }

    public static List<TicketEvent> comments(UUID ticket, int from, int count) {
        List<TicketEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(comment(ticket, from + i));
        }
        return events;
    }

    public static List<UUID> ids(int count) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        return ids;
    }
}
