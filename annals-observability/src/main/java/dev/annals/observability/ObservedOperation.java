package dev.annals.observability;

import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * One operation between its start and its end: the time it takes for its meters, and its span, current on
 * the thread for as long as it runs so that the operations it calls become its children. Used by one thread.
 */
final class ObservedOperation implements Observation {

    private final Operation operation;
    private final @Nullable AnnalsMeters meters;
    private final @Nullable Span span;
    private final @Nullable Scope scope;
    private final boolean storesTraceContext;
    private final long started = System.nanoTime();
    private long version = Long.MIN_VALUE;

    // The scope is closed in end(), which Annals calls exactly once, on this thread.
    @SuppressWarnings("MustBeClosedChecker")
    ObservedOperation(Operation operation, @Nullable AnnalsMeters meters, @Nullable Span span, boolean storesTraceContext) {
        this.operation = operation;
        this.meters = meters;
        this.span = span;
        // A span of the API's no-op is invalid: nothing to make current, nothing to store.
        this.scope = span != null && span.getSpanContext().isValid() ? span.makeCurrent() : null;
        this.storesTraceContext = storesTraceContext;
    }

    @Override
    public @Nullable String traceparent() {
        if (!storesTraceContext || span == null || !span.getSpanContext().isValid()) {
            return null;
        }
        return TraceParent.format(span.getSpanContext());
    }

    @Override
    public void version(long version) {
        this.version = version;
    }

    @Override
    public void end(Outcome outcome, long events, @Nullable Throwable failure) {
        long nanos = System.nanoTime() - started;
        if (scope != null) {
            scope.close();
        }
        if (span != null) {
            AnnalsTracing.end(span, outcome, events, version, failure);
        }
        if (meters != null) {
            meters.record(operation, outcome, events, nanos);
        }
    }
}
