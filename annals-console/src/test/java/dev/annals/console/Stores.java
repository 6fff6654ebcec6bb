package dev.annals.console;

import dev.annals.Annals;
import dev.annals.Snapshot;
import dev.annals.SnapshotStore;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.examples.ticketing.TicketingDemo;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Fills the stores the console is tested on: the ticketing demo's tickets, and raw events written through the backend. */
final class Stores {

    /** A payload of user data that would run as script if a page wrote it as markup: a tag, an event handler, a URL. */
    static final String MALICIOUS_PAYLOAD = "{\"title\":\"<script>window.annalsPwned='script'</script>\","
            + "\"image\":\"<img src=x onerror=\\\"window.annalsPwned='onerror'\\\">\","
            + "\"link\":\"<a href=\\\"javascript:window.annalsPwned='link'\\\" id=\\\"evil-link\\\">click</a>\","
            + "\"attribute\":\"\\\" onmouseover=\\\"window.annalsPwned='attribute'\\\" x=\\\"\","
            + "\"<b>key</b>\":\"</pre><script>window.annalsPwned='breakout'</script>\"}";
    static final String MALICIOUS_METADATA = "{\"actor\":\"<img src=x onerror=\\\"window.annalsPwned='metadata'\\\">\"}";
    static final String MALICIOUS_STREAM = "evil-<script>window.annalsPwned='stream'</script>";
    static final String MALICIOUS_TYPE = "evil-<svg onload=\"window.annalsPwned='type'\">";

    private Stores() {
    }

    /** The demo's tickets: {@code tickets} of 20-200 events and the long ticket of {@code longTicketEvents}, with snapshots. */
    static void demo(Annals annals, int tickets, int longTicketEvents) {
        TicketingDemo demo = new TicketingDemo(annals, 42);
        demo.writeTickets(tickets, () -> { });
        demo.writeLongTicket(longTicketEvents, saved -> { });
    }

    static void append(Annals annals, String stream, String type, String metadata, String payload) {
        long version = annals.inspect().version(stream).orElse(-1);
        annals.backend().append(new AppendRequest(stream, version < 0 ? AppendRequest.NO_STREAM : version,
                List.of(event(type, metadata, payload)), Instant.now()));
    }

    static NewEvent event(String type, String metadata, String payload) {
        return new NewEvent(UUID.randomUUID(), type, 1, metadata.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The user data that must stay inert, in a stream, a type, metadata and a payload. */
    static void malicious(Annals annals) {
        append(annals, MALICIOUS_STREAM, MALICIOUS_TYPE, MALICIOUS_METADATA, MALICIOUS_PAYLOAD);
        append(annals, "evil-1", MALICIOUS_TYPE, MALICIOUS_METADATA, MALICIOUS_PAYLOAD);
    }

    /** An event of about {@code bytes} of payload, at the end of {@code stream}. */
    static void large(Annals annals, String stream, int bytes) {
        append(annals, stream, "large-blob", "{}", "{\"blob\":\"" + "x".repeat(bytes - 20) + "\",\"end\":\"END-OF-BLOB\"}");
    }

    /**
     * Replaces the newest snapshot of the long ticket by one whose hash holds but whose state is not the fold of
     * its events (another title): the check a hash cannot make.
     */
    static long wrongSnapshot(Annals annals) {
        SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
        Snapshot<UUID, TicketSnapshot> newest = snapshots.getLatestSnapshot(TicketingDemo.LONG_TICKET).orElseThrow();
        TicketSnapshot s = newest.state();
        snapshots.saveSnapshot(new Snapshot<>(newest.aggregateId(), newest.version(), new TicketSnapshot(s.id(), "a title nobody wrote",
                s.reporter(), s.priority(), s.status(), s.assignee(), s.comments(), s.lastCommentAuthor(), s.reopenCount(),
                s.openedAt()), Instant.now()));
        return newest.version();
    }

    static String longTicket() {
        return Ticketing.TICKETS.streamName(TicketingDemo.LONG_TICKET);
    }
}
