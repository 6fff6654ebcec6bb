package dev.annals.observability;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Optional;
import java.util.regex.Pattern;

/** The W3C {@code traceparent} form of a span context (version 00), both ways. Stateless. */
final class TraceParent {

    private static final Pattern FORM = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private TraceParent() {
    }

    /** {@code 00-<trace id>-<span id>-<flags>} of a valid context. */
    static String format(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The remote span context a stored {@code traceparent} names; empty when it is malformed or names no valid span. */
    static Optional<SpanContext> parse(String traceparent) {
        var matcher = FORM.matcher(traceparent);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(matcher.group(1), matcher.group(2),
                TraceFlags.fromHex(matcher.group(3), 0), TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }
}
