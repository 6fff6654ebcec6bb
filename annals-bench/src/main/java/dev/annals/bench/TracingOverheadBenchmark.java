package dev.annals.bench;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.cli.bench.BenchDomain;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.observability.AnnalsObservability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Arrays;
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
 * W2 on the in-memory backend (2,000 aggregates × 10 events, one append of 10 per aggregate, one thread) as
 * {@link MemoryBenchmarks#w2AppendTenEvents} runs it, with the store opened four ways: {@code none} (no
 * instrumentation), {@code noop} (spans through the OpenTelemetry API's no-op, as with no SDK installed),
 * {@code meters} (Micrometer only) and {@code sdk} (every append a recorded span, its context stored in the
 * events; the SDK has no exporter, so this is the cost inside the process).
 *
 * <pre>java -jar annals-bench/target/benchmarks.jar TracingOverheadBenchmark</pre>
 */
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TracingOverheadBenchmark {

    /** A fresh store after each 20,000 events, as the workload starts every run on an empty store. */
    @State(Scope.Thread)
    public static class Appending {
        static final int AGGREGATES = 2_000;
        static final int EVENTS = 10;

        @Param({"none", "noop", "meters", "sdk"})
        String instrumentation;

        Instrumentation observability;
        OpenTelemetrySdk sdk;
        Annals annals;
        EventStore<UUID, TicketEvent> store;
        List<UUID> ids;
        long[] versions;
        int next;

        @Setup(Level.Iteration)
        public void open() {
            observability = switch (instrumentation) {
                case "none" -> Instrumentation.NONE;
                case "noop" -> AnnalsObservability.builder().openTelemetry(OpenTelemetry.noop()).build();
                case "meters" -> AnnalsObservability.builder().meterRegistry(new SimpleMeterRegistry()).build();
                case "sdk" -> {
                    sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build();
                    yield AnnalsObservability.builder().openTelemetry(sdk).build();
                }
                default -> throw new IllegalArgumentException(instrumentation);
            };
            ids = BenchDomain.ids(AGGREGATES);
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

        private void reset() {
            if (annals != null) {
                annals.close();
            }
            annals = Annals.open("memory:", observability);
            store = annals.eventStore(Ticketing.TICKETS);
            Arrays.fill(versions, -1);
            next = 0;
        }

        @TearDown(Level.Iteration)
        public void close() {
            annals.close();
            if (sdk != null) {
                sdk.close();
            }
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
        s.versions[i] += EVENTS_PER_APPEND;
        return s.store.appendEvents(id, expected, BenchDomain.comments(id, 0, EVENTS_PER_APPEND));
    }

    private static final int EVENTS_PER_APPEND = 10;
}
