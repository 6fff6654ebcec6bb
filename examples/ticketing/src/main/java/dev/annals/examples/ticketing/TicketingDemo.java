package dev.annals.examples.ticketing;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.RepositoryMetrics;
import dev.annals.SnapshotPolicy;
import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * The workload of {@code annals demo}: tickets with random histories written through the repository
 * with the default snapshot policy, and one very long ticket whose load is measured with and without
 * its snapshot. The same seed writes the same histories. Not thread-safe.
 */
public final class TicketingDemo {

    /** The long ticket's id is fixed, so that a second run recognizes the first run's data. */
    public static final UUID LONG_TICKET = UUID.nameUUIDFromBytes("annals-demo-long-ticket".getBytes(StandardCharsets.UTF_8));

    private static final String[] PEOPLE = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final List<Priority> PRIORITIES = List.of(Priority.values());
    private static final int SAVE_EVERY = 25;
    private static final int LONG_SAVE_EVERY = 1000;

    /**
     * The long ticket's load times, each the median of several loads.
     *
     * @param events the events of the long ticket
     * @param version the version of the long ticket as loaded
     */
    public record LoadTimes(long events, long version, double withSnapshotMillis, double replayMillis) {
    }

    /**
     * The demo's projection after it caught up.
     *
     * @param handled events the projection handled in this run
     * @param seconds how long it took to catch up
     * @param lag events after its checkpoint once caught up
     * @param fromTable open tickets per assignee as its table holds them
     * @param fromFold the same, by a fold of the ticket events in the log
     */
    public record ProjectionReport(long handled, double seconds, long lag, Map<String, Long> fromTable, Map<String, Long> fromFold) {

        /** Whether the table agrees with the fold. */
        public boolean agrees() {
            return fromTable.equals(fromFold);
        }
    }

    private final Random random;
    private final EventStore<UUID, TicketEvent> events;
    private final EventSourcedRepository<Ticket, UUID> repository;

    public TicketingDemo(Annals annals, long seed) {
        this.random = new Random(seed);
        this.events = annals.eventStore(Ticketing.TICKETS);
        this.repository = Ticketing.repository(annals, SnapshotPolicy.defaultPolicy());
    }

    /** Whether the store holds the data of an earlier run (its long ticket). */
    public boolean hasEarlierRun() {
        return events.getCurrentVersion(LONG_TICKET).isPresent();
    }

    /** Writes {@code count} tickets of 20-200 events each, saved every 25 events; returns the events written. */
    public long writeTickets(int count, Runnable afterEachTicket) {
        long written = 0;
        for (int i = 0; i < count; i++) {
            written += writeTicket(UUID.randomUUID(), 20 + random.nextInt(181), SAVE_EVERY, n -> { });
            afterEachTicket.run();
        }
        return written;
    }

    /** Writes the long ticket, saved every 1,000 events, telling {@code saved} how many each save wrote. */
    public long writeLongTicket(int eventCount, LongConsumer saved) {
        return writeTicket(LONG_TICKET, eventCount, LONG_SAVE_EVERY, saved);
    }

    /** The saves and snapshots of the repository the demo writes through. */
    public RepositoryMetrics metrics() {
        return repository.metrics();
    }

    /**
     * Loads the long ticket with its snapshot and by a full replay, checks that both give the same
     * state, and measures each.
     *
     * @throws IllegalStateException when the two loads differ
     */
    public LoadTimes measureLongTicketLoad() {
        EventSourcedRepository<Ticket, UUID> replayOnly = EventSourcedRepository.builder(events, Ticket::new).build();
        long eventCount = events.getCurrentVersion(LONG_TICKET).orElse(-1) + 1;
        Ticket withSnapshot = repository.get(LONG_TICKET);
        Ticket replayed = replayOnly.get(LONG_TICKET);
        if (!withSnapshot.state().equals(replayed.state())) {
            throw new IllegalStateException("the long ticket loaded with its snapshot differs from a full replay");
        }
        double snapshotMs = medianMillis(7, () -> repository.get(LONG_TICKET));
        double replayMs = medianMillis(3, () -> replayOnly.get(LONG_TICKET));
        return new LoadTimes(eventCount, withSnapshot.version(), snapshotMs, replayMs);
    }

    /**
     * Runs the {@link OpenTicketsProjection} (exactly once, in the store's database) until it has caught
     * up, and compares its table with a fold of the ticket events.
     *
     * @throws IllegalStateException when it does not catch up within {@code timeout}
     */
    public ProjectionReport runProjection(Annals annals, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        SubscriptionOptions options = SubscriptionOptions.startAt(Start.beginning()).categories(Ticketing.TICKETS).batchSize(1000);
        SubscriptionStatus status;
        try (Subscription projection = annals.project(OpenTicketsProjection.NAME, options, new OpenTicketsProjection())) {
            if (!projection.awaitCaughtUp(timeout)) {
                throw new IllegalStateException("the projection did not catch up within " + timeout + ": " + projection.status());
            }
            status = projection.status().get(0);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> table = annals.subscriptions().readModel(OpenTicketsProjection::openByAssignee);
        return new ProjectionReport(status.eventsHandled(), seconds, status.lagEvents(), table, openByAssigneeFromEvents(annals));
    }

    /** Open tickets per assignee by a fold of every ticket event in the global log. */
    static Map<String, Long> openByAssigneeFromEvents(Annals annals) {
        Map<UUID, String> assignees = new HashMap<>();
        Map<UUID, Boolean> open = new HashMap<>();
        EventLog log = annals.eventLog(Ticketing.TICKETS);
        long after = 0;
        while (true) {
            List<RecordedEvent<Object>> page = log.readAll(after, 5000);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).position();
            for (RecordedEvent<Object> recorded : page) {
                Object event = recorded.event();
                if (event instanceof TicketEvent.TicketOpened opened) {
                    open.put(opened.ticketId(), true);
                } else if (event instanceof TicketEvent.TicketAssigned assigned) {
                    assignees.put(assigned.ticketId(), assigned.assignee());
                } else if (event instanceof TicketEvent.TicketResolved resolved) {
                    open.put(resolved.ticketId(), false);
                } else if (event instanceof TicketEvent.TicketReopened reopened) {
                    open.put(reopened.ticketId(), true);
                }
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        open.forEach((ticket, isOpen) -> {
            if (isOpen) {
                counts.merge(assignees.getOrDefault(ticket, OpenTicketsProjection.UNASSIGNED), 1L, Long::sum);
            }
        });
        return counts;
    }

    private long writeTicket(UUID id, int eventCount, int saveEvery, LongConsumer saved) {
        Ticket ticket = Ticket.open(id, "Ticket " + id.toString().substring(0, 8), person(), priority(),
                Instant.now());
        for (int n = 1; n < eventCount; n++) {
            act(ticket);
            if (ticket.uncommittedEvents().size() >= saveEvery) {
                saved.accept(ticket.uncommittedEvents().size());
                repository.save(ticket);
            }
        }
        saved.accept(ticket.uncommittedEvents().size());
        repository.save(ticket);
        return eventCount;
    }

    private void act(Ticket ticket) {
        int roll = random.nextInt(100);
        if (ticket.state().status() == TicketStatus.RESOLVED) {
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
            ticket.changePriority(priority());
        } else {
            ticket.resolve("fixed");
        }
    }

    private Priority priority() {
        return PRIORITIES.get(random.nextInt(PRIORITIES.size()));
    }

    private String person() {
        return PEOPLE[random.nextInt(PEOPLE.length)];
    }

    private static double medianMillis(int runs, Runnable load) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            load.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[runs / 2];
    }
}
