package dev.annals.observability;

import dev.annals.InvalidArgumentException;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.SnapshotLoadResult;
import dev.annals.instrumentation.StoreInfo;
import dev.annals.spi.StorageBackend;
import dev.annals.subscription.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters and OpenTelemetry spans for the stores opened with it:
 *
 * <pre>{@code
 * AnnalsObservability observability = AnnalsObservability.builder()
 *         .meterRegistry(registry)            // meters: annals.append, annals.read, annals.subscription.lag, …
 *         .openTelemetry(openTelemetry)       // spans: append, read_stream, load, save, handle
 *         .build();
 * try (Annals annals = Annals.open("sqlite:./data/annals.db", observability)) { … }
 * }</pre>
 *
 * <p>An append stores the W3C {@code traceparent} of its span in its events' system metadata, and a
 * subscription's handling span links to the stored context of each event it handles, so a trace leads from
 * the command that appended an event to every projection that consumed it, in this process or another
 * ({@link Builder#storeTraceContext(boolean) storeTraceContext(false)} turns that off). The stored context
 * takes no part in deciding whether an append is a retry. With the OpenTelemetry API's no-op (no SDK
 * installed) nothing is stored and a span costs next to nothing.
 *
 * <p>One instance may serve several stores; its meters tell the stores apart by their backend. Thread-safe.
 */
public final class AnnalsObservability implements Instrumentation {

    private final @Nullable AnnalsMeters meters;
    private final @Nullable AnnalsTracing tracing;
    private final @Nullable SubscriptionGauges gauges;
    private final boolean storesTraceContext;
    private final Map<StoreInfo, StorageBackend> backends = new ConcurrentHashMap<>();

    private AnnalsObservability(Builder builder) {
        this.meters = builder.registry == null ? null : new AnnalsMeters(builder.registry);
        this.gauges = builder.registry == null ? null : new SubscriptionGauges(builder.registry, builder.clock);
        this.tracing = builder.tracer == null ? null : new AnnalsTracing(builder.tracer);
        this.storesTraceContext = builder.storeTraceContext;
    }

    /** Starts a configuration with neither meters nor spans. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Observation start(Operation operation) {
        @Nullable Span span = tracing == null ? null : tracing.start(operation);
        if (meters == null && span == null) {
            return Observation.NONE;
        }
        return new ObservedOperation(operation, meters, span, storesTraceContext);
    }

    @Override
    public boolean linksEvents() {
        return tracing != null;
    }

    @Override
    public void storeOpened(StoreInfo store, StorageBackend backend) {
        backends.put(store, backend);
        if (meters == null) {
            return;
        }
        AnnalsMeters m = meters;
        backend.groupCommit().ifPresent(commit -> commit.observeBatches(requests -> m.groupCommitBatch(store, requests)));
        backend.ownedPool().filter(AnnalsObservability::isHikari).ifPresent(pool -> HikariPoolMetrics.bind(pool, m.registry()));
    }

    @Override
    public void snapshotLoad(String category, SnapshotLoadResult result) {
        if (meters != null) {
            meters.snapshotLoad(category, result);
        }
    }

    @Override
    public void snapshotWrite(String category, boolean stored) {
        if (meters != null) {
            meters.snapshotWrite(category, stored);
        }
    }

    @Override
    public void subscriptionStarted(StoreInfo store, Subscription subscription) {
        StorageBackend backend = backends.get(store);
        if (gauges != null && backend != null) {
            gauges.register(subscription, backend);
        }
    }

    @Override
    public void parked(String subscription, int partition) {
        if (meters != null) {
            meters.parked(subscription);
        }
    }

    @Override
    public String toString() {
        return "AnnalsObservability[meters " + (meters != null) + ", traces " + (tracing != null) + ", trace context stored "
                + storesTraceContext + "]";
    }

    /** Configures an {@link AnnalsObservability}; each call checks its argument at once. Not thread-safe. */
    public static final class Builder {

        private @Nullable MeterRegistry registry;
        private @Nullable Tracer tracer;
        private boolean storeTraceContext = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where the meters go; none by default. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = InvalidArgumentException.requireNonNull(registry, "meter registry");
            return this;
        }

        /** Where the spans go: the tracer of instrumentation scope {@code dev.annals}; none by default. */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            InvalidArgumentException.requireNonNull(openTelemetry, "OpenTelemetry");
            return tracer(openTelemetry.getTracer(AnnalsTracing.SCOPE));
        }

        /** Where the spans go, when the application has a tracer of its own; none by default. */
        public Builder tracer(Tracer tracer) {
            this.tracer = InvalidArgumentException.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Whether appends store the {@code traceparent} of their span in their events' system metadata, for
         * subscriptions to link to; true by default.
         */
        public Builder storeTraceContext(boolean store) {
            this.storeTraceContext = store;
            return this;
        }

        /** The clock that subscription lag in seconds is measured with; default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = InvalidArgumentException.requireNonNull(clock, "clock");
            return this;
        }

        public AnnalsObservability build() {
            return new AnnalsObservability(this);
        }
    }

    /** Whether {@code pool} is a HikariCP pool, asked by class name so that HikariCP need not be on the class path. */
    private static boolean isHikari(javax.sql.DataSource pool) {
        for (Class<?> type = pool.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("com.zaxxer.hikari.HikariDataSource")) {
                return true;
            }
        }
        return false;
    }
}
