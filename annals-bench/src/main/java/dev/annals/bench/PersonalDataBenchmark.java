package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventType;
import dev.annals.IdCodec;
import dev.annals.PersonalData;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.StorageBackend;
import dev.annals.sqlite.SqliteBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * What crypto-shredding costs per event: W2 (2,000 aggregates, ten events per append, expected version
 * checked) with events of the same size whose two text values are {@code @PersonalData} or not, on the
 * memory backend and on a durable SQLite file, one thread. One operation is one event.
 *
 * <pre>java -jar annals-bench/target/benchmarks.jar PersonalDataBenchmark</pre>
 */
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class PersonalDataBenchmark {

    /** The events of this benchmark. */
    public sealed interface Registration permits Plain, Marked {
    }

    /** A registration whose name and e-mail are plain. */
    @EventType("bench-plain-registered")
    public record Plain(String name, String email, String country, int tier) implements Registration {
    }

    /** The same registration, its name and e-mail personal data. */
    @EventType("bench-marked-registered")
    public record Marked(@PersonalData String name, @PersonalData String email, String country, int tier) implements Registration {
    }

    private static final StreamCategory<UUID, Registration> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), Registration.class);

    /** One store per iteration, refilled from empty after each 20,000 events as W2 does. */
    @State(Scope.Thread)
    public static class Appending {
        static final int AGGREGATES = 2_000;
        static final int EVENTS = 10;

        @Param({"memory", "sqlite"})
        public String backend;

        @Param({"false", "true"})
        public boolean marked;

        Path dir;
        Annals annals;
        EventStore<UUID, Registration> store;
        List<UUID> ids;
        long[] versions;
        int next;
        int round;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = Files.createTempDirectory("annals-pd-bench");
            ids = new ArrayList<>();
            for (int i = 0; i < AGGREGATES; i++) {
                ids.add(UUID.randomUUID());
            }
            versions = new long[AGGREGATES];
            reset();
        }

        int nextAggregate() {
            int i = next++ % AGGREGATES;
            if (versions[i] + EVENTS >= EVENTS) {
                reset();
                i = next++;
            }
            return i;
        }

        List<EventData<Registration>> events(UUID id) {
            List<EventData<Registration>> events = new ArrayList<>(EVENTS);
            for (int e = 0; e < EVENTS; e++) {
                String name = "Person " + id.toString().substring(0, 8) + " " + e;
                Registration event = marked ? new Marked(name, "p" + e + "@example.org", "NL", e) : new Plain(name, "p" + e + "@example.org", "NL", e);
                events.add(EventData.of(event));
            }
            return events;
        }

        private void reset() {
            if (annals != null) {
                annals.close();
            }
            StorageBackend storage = backend.equals("memory") ? new MemoryBackend()
                    : new SqliteBackend(dir.resolve("store-" + round++ + ".db"));
            annals = new Annals(storage, Instrumentation.NONE, KeyProvider.of(MasterKey.generate()));
            store = annals.eventStore(PEOPLE);
            java.util.Arrays.fill(versions, -1);
            next = 0;
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            annals.close();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** W2: ten events per append. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(10)
    public Object w2AppendTenEvents(Appending s) {
        int i = s.nextAggregate();
        UUID id = s.ids.get(i);
        long expected = s.versions[i];
        s.versions[i] += 10;
        return s.store.append(id, expected, s.events(id));
    }
}
