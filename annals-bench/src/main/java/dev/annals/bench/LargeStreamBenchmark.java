package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.cli.bench.BenchDomain;
import dev.annals.cli.bench.StandardWorkloads;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.Ticketing;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One aggregate with a long stream (1,000,000 events by default), loaded through the repository with a
 * snapshot at its head and by full replay, and the heap it takes: held by an open store, and at most
 * during a full replay (sampled every 5 ms; streaming keeps it flat whatever the stream's length).
 *
 * <pre>
 * java -Xmx512m -cp annals-bench/target/benchmarks.jar dev.annals.bench.LargeStreamBenchmark URL [EVENTS]
 * </pre>
 *
 * Use a URL of an empty store (a new file, a new schema): the stream is written first.
 */
public final class LargeStreamBenchmark {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private LargeStreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LargeStreamBenchmark URL [EVENTS]");
            System.exit(2);
        }
        String url = args[0];
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long heapBefore = usedAfterGc();
        try (Annals annals = Annals.open(url)) {
            long heapOpen = usedAfterGc() - heapBefore;
            EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
            SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
            EventSourcedRepository<Ticket, UUID> withSnapshots =
                    EventSourcedRepository.builder(store, snapshots, Ticket::new).policy(SnapshotPolicy.never()).build();
            EventSourcedRepository<Ticket, UUID> replayOnly = EventSourcedRepository.builder(store, Ticket::new).build();

            UUID id = UUID.randomUUID();
            long writeStarted = System.nanoTime();
            withSnapshots.save(Ticket.open(id, "long", "bench", Priority.NORMAL, Instant.now()));
            for (int written = 1; written < events; written += 1000) {
                int n = Math.min(1000, events - written);
                List<TicketEvent> chunk = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    chunk.add(BenchDomain.comment(id, written + i));
                }
                store.appendEvents(id, written - 1L, chunk);
            }
            double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;

            Ticket full = replayOnly.get(id);
            snapshots.saveSnapshot(Snapshot.of(id, full.version(), full.state()));
            check(withSnapshots.get(id).state().equals(full.state()), "the snapshot load differs from the replay");

            double[] snapshotMs = timed(11, () -> withSnapshots.get(id));
            long heapIdle = usedAfterGc();
            AtomicLong peak = new AtomicLong();
            double[] replayMs = sampling(peak, () -> timed(3, () -> replayOnly.get(id)));
            System.out.printf("store %s: %,d events in one stream (written in %.1f s)%n", url, events, writeSeconds);
            System.out.printf("| load with a snapshot at the head | %.3f ms (median of %d; %.3f - %.3f) |%n",
                    StandardWorkloads.median(snapshotMs), snapshotMs.length, min(snapshotMs), max(snapshotMs));
            double replayMedian = StandardWorkloads.median(replayMs);
            System.out.printf("| load by full replay | %,.0f ms (median of %d; %,.0f - %,.0f), %,.0f events/s |%n",
                    replayMedian, replayMs.length, min(replayMs), max(replayMs), events / (replayMedian / 1000));
            System.out.printf("| heap held by the open store | %.1f MB |%n", heapOpen / 1e6);
            System.out.printf("| heap during a full replay, above idle | at most %.1f MB (idle %.1f MB, -Xmx %.0f MB) |%n",
                    Math.max(0, peak.get() - heapIdle) / 1e6, heapIdle / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    private static double[] timed(int runs, Runnable action) {
        action.run();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        return millis;
    }

    /** Runs {@code action} while a thread records the highest used heap in {@code peak}. */
    private static double[] sampling(AtomicLong peak, java.util.function.Supplier<double[]> action) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        try {
            return action.get();
        } finally {
            running.set(false);
            sampler.join();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }


    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
