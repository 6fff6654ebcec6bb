package dev.annals.observability;

import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.StoreInfo;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The spans of Annals' operations (the module's README lists them). Span names and attributes hold only
 * values of bounded cardinality: operations, categories, subscription names, counts, versions and the
 * store. Thread-safe.
 */
final class AnnalsTracing {

    /** The instrumentation scope of Annals' spans. */
    static final String SCOPE = "dev.annals";

    private final Tracer tracer;

    AnnalsTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of {@code operation}; null for an operation that has no span (a log page). */
    @Nullable Span start(Operation operation) {
        if (operation instanceof Operation.Append append) {
            SpanBuilder span = db(append.category() == null ? "append" : "append " + append.category(), "append", append.store())
                    .setAttribute("annals.events", append.events())
                    .setAttribute("annals.streams", append.streams());
            if (append.category() != null) {
                span.setAttribute("annals.category", append.category());
                span.setAttribute("annals.expected_version", append.expectedVersion());
            }
            return span.startSpan();
        }
        if (operation instanceof Operation.ReadStream read) {
            return db("read_stream " + read.category(), "read_stream", read.store())
                    .setAttribute("annals.category", read.category())
                    .startSpan();
        }
        if (operation instanceof Operation.RepositoryLoad load) {
            return tracer.spanBuilder("load " + load.category()).setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("annals.category", load.category())
                    .startSpan();
        }
        if (operation instanceof Operation.RepositorySave save) {
            return tracer.spanBuilder("save " + save.category()).setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("annals.category", save.category())
                    .setAttribute("annals.events", save.events())
                    .setAttribute("annals.expected_version", save.expectedVersion())
                    .startSpan();
        }
        if (operation instanceof Operation.Handle handle) {
            SpanBuilder span = tracer.spanBuilder("handle " + handle.subscription()).setSpanKind(SpanKind.CONSUMER)
                    .setNoParent()
                    .setAttribute("db.system", handle.store().system())
                    .setAttribute("db.namespace", handle.store().name())
                    .setAttribute("annals.subscription", handle.subscription())
                    .setAttribute("annals.partition", handle.partition())
                    .setAttribute("annals.attempt", handle.attempt())
                    .setAttribute("annals.events", handle.events());
            // Links, not a parent: a batch holds events of many appends, each the end of its own trace.
            for (String traceparent : handle.traceparents()) {
                TraceParent.parse(traceparent).ifPresent(span::addLink);
            }
            return span.startSpan();
        }
        return null;
    }

    private SpanBuilder db(String name, String operation, StoreInfo store) {
        return tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", store.system())
                .setAttribute("db.operation.name", operation)
                .setAttribute("db.namespace", store.name());
    }

    /** Ends a span with what the operation did. */
    static void end(Span span, Outcome outcome, long events, long version, @Nullable Throwable failure) {
        if (span.isRecording()) {
            span.setAttribute("annals.outcome", outcome.tag());
            if (failure == null) {
                span.setAttribute("annals.events", events);
            }
            if (version != Long.MIN_VALUE) {
                span.setAttribute("annals.version", version);
            }
            if (failure != null) {
                span.setAttribute("error.type", failure.getClass().getName());
                span.setStatus(StatusCode.ERROR, outcome.tag());
                span.recordException(failure);
            }
        }
        span.end();
    }
}
