package dev.annals.cli.bench;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.Ticketing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standard workloads of {@code shared/bench/WORKLOADS.md}, each run on an empty store. Each
 * method returns its headline figure; the caller repeats runs and takes medians.
 *
 * <p>{@link #STANDARD} runs them at the sizes the figures in {@code BENCHMARKS.md} are measured at;
 * a scale of N divides every count (aggregates, streams, events, rounds) by N, so that a test can run
 * them in seconds. Figures of a scaled run do not compare with the standard ones. Immutable.
 */
public final class StandardWorkloads {

    /** The standard sizes. */
    public static final StandardWorkloads STANDARD = new StandardWorkloads(1);

    private final int scale;

    /** @param scale every count is divided by it (and kept at least 1); 1 for the standard sizes */
    public StandardWorkloads(int scale) {
        InvalidArgumentException.require(scale >= 1, "scale must be >= 1, was " + scale);
        this.scale = scale;
    }

    public int scale() {
        return scale;
    }

    private int size(int standard) {
        return Math.max(1, standard / scale);
    }

    /** W1: 2,000 aggregates x 10 events, one event per append, interleaved, expected version checked, 1 writer. */
    public Measurement w1(Annals annals) {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        List<UUID> ids = BenchDomain.ids(size(2_000));
        long started = System.nanoTime();
        for (int version = 0; version < 10; version++) {
            for (UUID id : ids) {
                store.appendEvents(id, version - 1, List.of(BenchDomain.comment(id, version)));
            }
        }
        return rate(ids.size() * 10L, started);
    }

    /** W2: as W1, but the 10 events of an aggregate in one append. */
    public Measurement w2(Annals annals) {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        List<UUID> ids = BenchDomain.ids(size(2_000));
        long started = System.nanoTime();
        for (UUID id : ids) {
            store.appendEvents(id, EventStore.NO_STREAM, BenchDomain.comments(id, 0, 10));
        }
        return rate(ids.size() * 10L, started);
    }

    /** W3: 4 writer threads, each its own 200 aggregates x 10 events, one event per append. */
    public Measurement w3(Annals annals) throws Exception {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        int writers = 4;
        int aggregates = size(200);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers + 1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                List<UUID> ids = BenchDomain.ids(aggregates);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int version = 0; version < 10; version++) {
                        for (UUID id : ids) {
                            store.appendEvents(id, version - 1, List.of(BenchDomain.comment(id, version)));
                        }
                    }
                    return null;
                }));
            }
            start.await();
            long started = System.nanoTime();
            for (Future<?> f : done) {
                f.get();
            }
            return rate((long) writers * aggregates * 10, started);
        } finally {
            pool.shutdownNow();
        }
    }

    /** W4a: one stream of 10,000 events loaded fully, payloads deserialized; median of 5 loads after one untimed load. */
    public Measurement w4a(Annals annals) {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        UUID id = UUID.randomUUID();
        int events = size(10_000);
        for (int written = 0; written < events; written += 100) {
            store.appendEvents(id, written - 1L, BenchDomain.comments(id, written, Math.min(100, events - written)));
        }
        check(store.loadEvents(id).size() == events, "W4a loaded a wrong number of events");
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            int n = store.loadEvents(id).size();
            millis[i] = (System.nanoTime() - started) / 1e6;
            check(n == events, "W4a loaded a wrong number of events");
        }
        double median = median(millis);
        return new Measurement(events / (median / 1000), String.format("%.2f ms per load", median));
    }

    /** W4b: 1,000 streams of 10 events, loaded one by one. */
    public Measurement w4b(Annals annals) {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        List<UUID> ids = BenchDomain.ids(size(1_000));
        for (UUID id : ids) {
            store.appendEvents(id, EventStore.NO_STREAM, BenchDomain.comments(id, 0, 10));
        }
        long started = System.nanoTime();
        for (UUID id : ids) {
            check(store.loadEvents(id).size() == 10, "W4b loaded a wrong number of events");
        }
        return rate(ids.size(), started);
    }

    /** W5: 2 threads x 500 rounds on one stream, both read version N then both append at N+1. */
    public Measurement w5(Annals annals) throws Exception {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        UUID id = UUID.randomUUID();
        int rounds = size(500);
        store.appendEvents(id, EventStore.NO_STREAM, List.of(BenchDomain.comment(id, 0)));
        AtomicInteger successes = new AtomicInteger(1);
        AtomicInteger conflicts = new AtomicInteger();
        CyclicBarrier read = new CyclicBarrier(2);
        CyclicBarrier appended = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        long version = store.getCurrentVersion(id).orElseThrow();
                        read.await();
                        try {
                            store.appendEvents(id, version, List.of(BenchDomain.comment(id, round)));
                            successes.incrementAndGet();
                        } catch (EventStoreConflictException e) {
                            conflicts.incrementAndGet();
                        }
                        appended.await();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long k = successes.get();
        long[] versions = new long[(int) k];
        int[] n = {0};
        try (var events = store.readStream(id, -1)) {
            events.forEach(e -> {
                if (n[0] < versions.length) {
                    versions[n[0]] = e.version();
                }
                n[0]++;
            });
        }
        boolean contiguous = n[0] == k;
        for (int i = 0; i < n[0] && contiguous; i++) {
            contiguous = versions[i] == i;
        }
        check(contiguous && store.getCurrentVersion(id).orElseThrow() == k - 1, "W5 left a stream that is not versions 0..k-1");
        return new Measurement(conflicts.get(), String.format("%d conflicts, %d successful appends, stream is versions 0..%d: correct",
                conflicts.get(), k, k - 1));
    }

    /** W6: one aggregate of {@code events} events through the repository: load with a snapshot at its head vs a full replay. */
    public Measurement w6(Annals annals, int standardEvents) {
        int events = Math.max(2, standardEvents / scale);
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
        UUID id = UUID.randomUUID();
        EventSourcedRepository<Ticket, UUID> withSnapshots =
                EventSourcedRepository.builder(store, snapshots, Ticket::new).policy(SnapshotPolicy.never()).build();
        Ticket ticket = Ticket.open(id, "long", "bench", Priority.NORMAL, Instant.now());
        withSnapshots.save(ticket);
        for (int written = 1; written < events; written += 1000) {
            store.appendEvents(id, written - 1L, BenchDomain.comments(id, written, Math.min(1000, events - written)));
        }
        Ticket full = withSnapshots.get(id);
        snapshots.saveSnapshot(Snapshot.of(id, full.version(), full.state()));
        EventSourcedRepository<Ticket, UUID> replayOnly = EventSourcedRepository.builder(store, Ticket::new).build();
        check(withSnapshots.get(id).state().equals(replayOnly.get(id).state()), "W6 snapshot load differs from replay");
        double snapshotMs = medianMillis(11, () -> withSnapshots.get(id));
        double replayMs = medianMillis(3, () -> replayOnly.get(id));
        return new Measurement(replayMs / snapshotMs,
                String.format("%,d events: %.3f ms with snapshot, %.1f ms full replay", events, snapshotMs, replayMs));
    }

    private static double medianMillis(int runs, Runnable action) {
        action.run();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        return median(millis);
    }

    /** The median of {@code values} (the mean of the middle two for an even count); {@code values} is not changed. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Measurement rate(long count, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return new Measurement(count / seconds, String.format("%,d in %.2f s", count, seconds));
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
