package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.cli.bench.BenchDomain;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.spi.Capability;
import dev.annals.subscription.Projection;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscription figures of {@code BENCHMARKS.md}, on one store URL (a fresh store):
 * <ol>
 *   <li>catch-up: a subscription with a handler that does nothing over {@code N} stored events (events/s);</li>
 *   <li>memory: the heap a subscription holds while {@code N} events behind (a handler that is slow at first);</li>
 *   <li>live latency from an append's return to the handler, p50 and p99, under W3's load (4 writers),
 *       with the fallback poll at 60 s so that notifications are what is measured;</li>
 *   <li>an exactly-once projection writing one row per event into the same database (SQL backends).</li>
 * </ol>
 * Usage: {@code SubscriptionBenchmark URL [EVENTS]} (default 1,000,000 events).
 */
public final class SubscriptionBenchmark {

    private static final int APPEND = 100;

    private SubscriptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SubscriptionBenchmark URL [EVENTS]");
            System.exit(2);
        }
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        try (Annals annals = Annals.open(args[0])) {
            System.out.printf("store %s, %,d events%n", annals.inspect().describe(), total);
            long writeStart = System.nanoTime();
            fill(annals, total);
            System.out.printf("filled in %.1f s%n", (System.nanoTime() - writeStart) / 1e9);
            catchUp(annals);
            heapWhileBehind(annals);
            liveLatency(annals, SubscriptionOptions.startAt(Start.end()).batchSize(500).fallbackPoll(Duration.ofSeconds(60)),
                    "a checkpoint after every batch (the default)");
            liveLatency(annals, SubscriptionOptions.startAt(Start.end()).batchSize(500).fallbackPoll(Duration.ofSeconds(60))
                    .checkpointEvery(10_000, Duration.ofSeconds(1)), "a checkpoint every second");
            if (annals.capabilities().contains(Capability.TRANSACTIONAL_CHECKPOINTS)) {
                projection(annals, Math.min(total, 200_000));
            }
        }
    }

    /** Appends {@code total} events, 100 per append to streams of 1,000 events. */
    private static void fill(Annals annals, int total) {
        EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
        UUID stream = UUID.randomUUID();
        long version = -1;
        for (int written = 0; written < total; written += APPEND) {
            if (version >= 999) {
                stream = UUID.randomUUID();
                version = -1;
            }
            version = store.appendEvents(stream, version, BenchDomain.comments(stream, written, APPEND)).version();
        }
    }

    private static void catchUp(Annals annals) throws InterruptedException {
        for (int run = 1; run <= 3; run++) {
            AtomicLong seen = new AtomicLong();
            long start = System.nanoTime();
            try (Subscription sub = annals.subscribe("bench-catch-up-" + run + "-" + System.nanoTime(),
                    SubscriptionOptions.startAt(Start.beginning()).batchSize(1000), (batch, context) -> seen.addAndGet(batch.size()))) {
                if (!sub.awaitCaughtUp(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("did not catch up");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("catch-up run %d: %,d events in %.2f s = %,.0f events/s%n", run, seen.get(), seconds, seen.get() / seconds);
        }
    }

    private static void heapWhileBehind(Annals annals) throws InterruptedException {
        long before = usedHeapAfterGc();
        CountDownLatch measured = new CountDownLatch(1);
        CountDownLatch firstBatch = new CountDownLatch(1);
        try (Subscription sub = annals.subscribe("bench-heap-" + System.nanoTime(), SubscriptionOptions.startAt(Start.beginning()),
                (batch, context) -> {
                    firstBatch.countDown();
                    measured.await();
                })) {
            firstBatch.await();
            long during = usedHeapAfterGc();
            System.out.printf("heap held by a subscription %,d events behind: %.1f MB (used after GC %,.1f MB before, %,.1f MB during)%n",
                    sub.status().get(0).lagEvents(), (during - before) / 1e6, before / 1e6, during / 1e6);
            measured.countDown();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** W3's load: 4 writers, each its own 200 aggregates × 10 events, one event per append. */
    private static void liveLatency(Annals annals, SubscriptionOptions options, String checkpoints) throws Exception {
        Map<Long, Long> returnedAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Subscription sub = annals.subscribe("bench-live-" + System.nanoTime(), options, (batch, context) -> {
                    long now = System.nanoTime();
                    for (RecordedEvent<Object> event : batch) {
                        Long appended = returnedAt.remove(event.position());
                        latencies.add(appended == null ? 0 : Math.max(0, now - appended)); // null: seen before its append returned
                    }
                })) {
            if (!sub.awaitCaughtUp(Duration.ofMinutes(5))) {
                throw new IllegalStateException("did not catch up");
            }
            EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Thread writer = new Thread(() -> {
                    List<UUID> ids = BenchDomain.ids(200);
                    for (int v = 0; v < 10; v++) {
                        for (UUID id : ids) {
                            long position = store.appendEvents(id, v - 1, List.of(BenchDomain.comment(id, v))).positions().get(0);
                            returnedAt.put(position, System.nanoTime());
                        }
                    }
                });
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (latencies.size() < 8000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("live latency under 4 writers, %s, %,d events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", checkpoints, sorted.length,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    /** One row per event into a table of the same database, exactly once. */
    private static void projection(Annals annals, int events) throws InterruptedException {
        String table = "bench_rows_" + Long.toString(System.nanoTime(), 36);
        AtomicLong written = new AtomicLong();
        Projection rows = new Projection() {
            @Override
            public void apply(List<RecordedEvent<Object>> batch, Connection connection) throws Exception {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE IF NOT EXISTS " + table + " (position BIGINT PRIMARY KEY, stream VARCHAR(600) NOT NULL)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (position, stream) VALUES (?, ?)")) {
                    for (RecordedEvent<Object> event : batch) {
                        insert.setLong(1, event.position());
                        insert.setString(2, event.stream());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                written.addAndGet(batch.size());
            }

            @Override
            public void reset(long position, Connection connection) {
            }
        };
        long head = annals.inspect().stats().headPosition();
        long start = System.nanoTime();
        try (Subscription sub = annals.project("bench-projection-" + System.nanoTime(),
                SubscriptionOptions.startAt(Start.after(Math.max(0, head - events))).batchSize(1000), rows)) {
            if (!sub.awaitCaughtUp(Duration.ofMinutes(10))) {
                throw new IllegalStateException("did not catch up");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("exactly-once projection, one row per event: %,d events in %.2f s = %,.0f events/s%n", written.get(), seconds,
                written.get() / seconds);
    }
}
