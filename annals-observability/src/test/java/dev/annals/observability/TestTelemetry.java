package dev.annals.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** A real meter registry and a real OpenTelemetry SDK exporting to memory: what one process of an application has. */
final class TestTelemetry implements AutoCloseable {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk openTelemetry;

    TestTelemetry() {
        SdkTracerProvider tracers = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracers).build();
    }

    AnnalsObservability observability() {
        return AnnalsObservability.builder().meterRegistry(registry).openTelemetry(openTelemetry).build();
    }

    OpenTelemetry otel() {
        return openTelemetry;
    }

    List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    List<SpanData> named(String name) {
        return finished().stream().filter(span -> span.getName().equals(name)).toList();
    }

    SpanData one(String name) {
        List<SpanData> found = named(name);
        if (found.size() != 1) {
            throw new AssertionError("expected one span " + name + ", found " + found.size() + " among "
                    + finished().stream().map(SpanData::getName).toList());
        }
        return found.get(0);
    }

    @Override
    public void close() {
        openTelemetry.close();
        registry.close();
    }
}
