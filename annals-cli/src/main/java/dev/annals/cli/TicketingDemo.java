package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.RepositoryMetrics;
import dev.annals.SnapshotPolicy;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.spi.BackendStats;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * The demo: the ticketing domain through the repository with the default snapshot policy. It
 * writes about a thousand tickets and one very long one, then measures the long ticket's load
 * with and without its snapshot and verifies every snapshot against its events. A second run
 * finds the first run's data and only measures and verifies.
 */
final class TicketingDemo {

    /** The long ticket's id is fixed, so that a second run recognizes the first run's data. */
    static final UUID LONG_TICKET = UUID.nameUUIDFromBytes("annals-demo-long-ticket".getBytes(StandardCharsets.UTF_8));

    private static final String[] PEOPLE = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final int SAVE_EVERY = 25;
    private static final int LONG_SAVE_EVERY = 1000;

    private final Annals annals;
    private final PrintWriter out;
    private final PrintWriter progressOut;
    private final int ticketCount;
    private final int longTicketEvents;
    private final Random random;
    private final EventStore<UUID, TicketEvent> events;
    private final EventSourcedRepository<Ticket, UUID> repository;

    TicketingDemo(Annals annals, PrintWriter out, PrintWriter progressOut, int ticketCount, int longTicketEvents, long seed) {
        this.annals = annals;
        this.out = out;
        this.progressOut = progressOut;
        this.ticketCount = ticketCount;
        this.longTicketEvents = longTicketEvents;
        this.random = new Random(seed);
        this.events = annals.eventStore(Ticketing.TICKETS);
        this.repository = Ticketing.repository(annals, SnapshotPolicy.defaultPolicy());
    }

    /** Runs the demo; returns true when every snapshot verified. */
    boolean run() {
        out.println("Annals demo: a ticketing domain on " + annals.backend().describe());
        out.println();
        if (events.getCurrentVersion(LONG_TICKET).isPresent()) {
            BackendStats stats = annals.backend().stats();
            out.printf("Found the data of an earlier run: %,d streams, %,d events, %,d snapshots. The store is durable;%n",
                    stats.streams(), stats.events(), stats.snapshots());
            out.println("nothing new is written, the earlier data is measured and verified.");
        } else {
            write();
        }
        out.println();
        measureLongTicketLoad();
        out.println();
        return verify();
    }

    private void write() {
        long started = System.nanoTime();
        long written = 0;
        try (Progress progress = new Progress(progressOut, "writing " + ticketCount + " tickets", ticketCount)) {
            for (int i = 0; i < ticketCount; i++) {
                written += writeTicket(UUID.randomUUID(), 20 + random.nextInt(181), SAVE_EVERY);
                progress.advance(1);
            }
        }
        try (Progress progress = new Progress(progressOut, "writing the long ticket", longTicketEvents)) {
            written += writeTicket(LONG_TICKET, longTicketEvents, LONG_SAVE_EVERY, progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        RepositoryMetrics metrics = repository.metrics();
        out.printf("Wrote %,d events to %,d tickets in %.1f s: %,.0f events/s, %,d appends.%n",
                written, ticketCount + 1, seconds, written / seconds, metrics.saves());
        out.printf("Snapshots taken by the default policy (every 100 events or 1 hour): %,d.%n", metrics.snapshotsWritten());
    }

    private long writeTicket(UUID id, int eventCount, int saveEvery) {
        return writeTicket(id, eventCount, saveEvery, null);
    }

    private long writeTicket(UUID id, int eventCount, int saveEvery, Progress progress) {
        Ticket ticket = Ticket.open(id, "Ticket " + id.toString().substring(0, 8), person(), Priority.values()[random.nextInt(4)],
                Instant.now());
        for (int n = 1; n < eventCount; n++) {
            act(ticket);
            if (ticket.uncommittedEvents().size() >= saveEvery) {
                if (progress != null) {
                    progress.advance(ticket.uncommittedEvents().size());
                }
                repository.save(ticket);
            }
        }
        repository.save(ticket);
        return eventCount;
    }

    private void act(Ticket ticket) {
        int roll = random.nextInt(100);
        boolean resolved = ticket.state().status() == dev.annals.examples.ticketing.TicketStatus.RESOLVED;
        if (resolved) {
            if (roll < 30) {
                ticket.reopen("still broken");
            } else {
                ticket.comment(person(), "A comment on a resolved ticket.");
            }
        } else if (roll < 70) {
            ticket.comment(person(), "Looked into it again; the logs show the same timeout after the retry.");
        } else if (roll < 85) {
            ticket.assign(person());
        } else if (roll < 95) {
            ticket.changePriority(Priority.values()[random.nextInt(4)]);
        } else {
            ticket.resolve("fixed");
        }
    }

    private String person() {
        return PEOPLE[random.nextInt(PEOPLE.length)];
    }

    private void measureLongTicketLoad() {
        EventSourcedRepository<Ticket, UUID> replayOnly = EventSourcedRepository.builder(events, Ticket::new).build();
        long events = this.events.getCurrentVersion(LONG_TICKET).orElse(-1) + 1;
        Ticket withSnapshot = repository.get(LONG_TICKET);
        Ticket replayed = replayOnly.get(LONG_TICKET);
        if (!withSnapshot.state().equals(replayed.state())) {
            throw new IllegalStateException("the long ticket loaded with its snapshot differs from a full replay");
        }
        double snapshotMs = medianMillis(7, () -> repository.get(LONG_TICKET));
        double replayMs = medianMillis(3, () -> replayOnly.get(LONG_TICKET));
        out.printf("Loading the long ticket (%,d events), median of several loads:%n", events);
        out.printf("  with its snapshot (version %,d): %10.2f ms%n", withSnapshot.version(), snapshotMs);
        out.printf("  full replay of every event:     %10.2f ms%n", replayMs);
        out.printf("  the snapshot makes the load %,.0f times faster; both give the same state.%n", replayMs / snapshotMs);
    }

    private static double medianMillis(int runs, Runnable load) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            load.run();
            millis[i] = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e6;
        }
        Arrays.sort(millis);
        return millis[runs / 2];
    }

    private boolean verify() {
        SnapshotVerifier verifier = new SnapshotVerifier(annals);
        long[] counts = new long[2];
        verifier.verifyAll(finding -> {
            counts[finding.ok() ? 0 : 1]++;
            if (!finding.ok()) {
                out.println("  FAILED " + finding.stream() + " @" + finding.version() + ": " + finding.detail());
            }
        });
        if (counts[1] == 0) {
            out.printf("Verified %,d snapshots: each hash holds and each state equals a fold of its stream's events.%n", counts[0]);
        } else {
            out.printf("%,d of %,d snapshots FAILED verification.%n", counts[1], counts[0] + counts[1]);
        }
        return counts[1] == 0;
    }
}
