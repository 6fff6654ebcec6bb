package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.cli.bench.BenchDomain;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.Ticketing;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory reference backend under the standard workloads, one thread, steady state.
 * Throughput benchmarks report operations per second where one operation is one event (W1, W2,
 * W4a); W6 reports the time of one repository load.
 *
 * <pre>java -jar annals-bench/target/benchmarks.jar MemoryBenchmarks</pre>
 */
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MemoryBenchmarks {

    /**
     * W1 and W2: 2,000 aggregates of 10 events, appended round-robin into an empty store; when the
     * workload's 20,000 events are in, the next invocation starts over on a fresh store, as every
     * workload run does (a store that grew without bound would measure the garbage collector).
     */
    @State(Scope.Thread)
    public static class Appending {
        static final int AGGREGATES = 2_000;
        static final int EVENTS = 10;

        Annals annals;
        EventStore<UUID, TicketEvent> store;
        List<UUID> ids;
        long[] versions;
        int next;

        @Setup(Level.Iteration)
        public void open() {
            ids = BenchDomain.ids(AGGREGATES);
            versions = new long[AGGREGATES];
            reset();
        }

        /** The aggregate to append to next, starting over on a fresh store after the workload's last event. */
        int nextAggregate(int eventsPerAppend) {
            int i = next++ % AGGREGATES;
            if (versions[i] + eventsPerAppend >= EVENTS) {
                reset();
                i = next++;
            }
            return i;
        }

        private void reset() {
            if (annals != null) {
                annals.close();
            }
            annals = Annals.open("memory:");
            store = annals.eventStore(Ticketing.TICKETS);
            java.util.Arrays.fill(versions, -1);
            next = 0;
        }

        @TearDown(Level.Iteration)
        public void close() {
            annals.close();
        }
    }

    /** W1: one event per append, expected version checked. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object w1AppendOneEvent(Appending s) {
        int i = s.nextAggregate(1);
        UUID id = s.ids.get(i);
        return s.store.appendEvents(id, s.versions[i]++, List.of(BenchDomain.comment(id, i)));
    }

    /** W2: ten events per append. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(10)
    public Object w2AppendTenEvents(Appending s) {
        int i = s.nextAggregate(10);
        UUID id = s.ids.get(i);
        long expected = s.versions[i];
        s.versions[i] += 10;
        return s.store.appendEvents(id, expected, BenchDomain.comments(id, 0, 10));
    }

    /** W4a: a stream of 10,000 events. */
    @State(Scope.Benchmark)
    public static class LongStream {
        Annals annals;
        EventStore<UUID, TicketEvent> store;
        UUID id = UUID.randomUUID();

        @Setup
        public void fill() {
            annals = Annals.open("memory:");
            store = annals.eventStore(Ticketing.TICKETS);
            for (int batch = 0; batch < 100; batch++) {
                store.appendEvents(id, batch * 100L - 1, BenchDomain.comments(id, batch * 100, 100));
            }
        }
    }

    /** W4a: load all 10,000 events with payloads deserialized. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(10_000)
    public Object w4aLoadStream(LongStream s) {
        return s.store.loadEvents(s.id);
    }

    /** W6: an aggregate of N events with a snapshot at its head. */
    @State(Scope.Benchmark)
    public static class Aggregate {
        @Param({"1000", "100000"})
        int events;

        UUID id = UUID.randomUUID();
        EventSourcedRepository<Ticket, UUID> withSnapshot;
        EventSourcedRepository<Ticket, UUID> replayOnly;

        @Setup
        public void fill() {
            Annals annals = Annals.open("memory:");
            EventStore<UUID, TicketEvent> store = annals.eventStore(Ticketing.TICKETS);
            SnapshotStore<UUID, TicketSnapshot> snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
            withSnapshot = EventSourcedRepository.builder(store, snapshots, Ticket::new).policy(SnapshotPolicy.never()).build();
            replayOnly = EventSourcedRepository.builder(store, Ticket::new).build();
            withSnapshot.save(Ticket.open(id, "long", "bench", Priority.NORMAL, Instant.now()));
            for (int written = 1; written < events; written += 1000) {
                store.appendEvents(id, written - 1L, BenchDomain.comments(id, written, Math.min(1000, events - written)));
            }
            Ticket full = replayOnly.get(id);
            snapshots.saveSnapshot(Snapshot.of(id, full.version(), full.state()));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object w6LoadWithSnapshot(Aggregate s) {
        return s.withSnapshot.get(s.id);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object w6LoadByFullReplay(Aggregate s) {
        return s.replayOnly.get(s.id);
    }
}
