package dev.annals.observability;

import static dev.annals.observability.AppendMetersTest.assigned;
import static dev.annals.observability.AppendMetersTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import dev.annals.SnapshotPolicy;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.support.SystemMetadata;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceContextTest {

    @TempDir
    Path dir;

    @Test
    void a_repository_save_traces_its_append_and_stores_the_append_span_in_the_events() {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("t.db"), telemetry.observability())) {
            EventSourcedRepository<Ticket, UUID> tickets = Ticketing.repository(annals, SnapshotPolicy.never());
            UUID id = UUID.randomUUID();
            Ticket ticket = Ticket.open(id, "Printer on fire", "alice", Priority.URGENT, Instant.now());
            ticket.assign("bob");
            tickets.save(ticket);

            SpanData save = telemetry.one("save ticket");
            SpanData append = telemetry.one("append ticket");
            assertThat(append.getParentSpanId()).isEqualTo(save.getSpanId());
            assertThat(append.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(append.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo("sqlite");
            assertThat(append.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("append");
            assertThat(append.getAttributes().get(AttributeKey.stringKey("db.namespace"))).contains("t.db");
            assertThat(append.getAttributes().get(AttributeKey.stringKey("annals.category"))).isEqualTo("ticket");
            assertThat(append.getAttributes().get(AttributeKey.longKey("annals.events"))).isEqualTo(2);
            assertThat(append.getAttributes().get(AttributeKey.longKey("annals.expected_version"))).isEqualTo(-1);
            assertThat(append.getAttributes().get(AttributeKey.longKey("annals.version"))).isEqualTo(1);
            assertThat(append.getAttributes().get(AttributeKey.stringKey("annals.outcome"))).isEqualTo("ok");
            for (String attribute : append.getAttributes().asMap().values().stream().map(String::valueOf).toList()) {
                assertThat(attribute).as("no aggregate id in a span").doesNotContain(id.toString());
            }

            String expected = traceparent(append);
            for (StoredEvent event : annals.backend().readAll(0, 10)) {
                assertThat(SystemMetadata.get(event.metadata(), SystemMetadata.TRACEPARENT)).contains(expected);
            }
            assertThat(annals.eventStore(Ticketing.TICKETS).readStream(id, -1).map(RecordedEvent::metadata).toList())
                    .as("the user's metadata does not show the system part").allMatch(dev.annals.Metadata::isEmpty);

            tickets.get(id);
            SpanData load = telemetry.one("load ticket");
            List<SpanData> reads = telemetry.named("read_stream ticket");
            SpanData read = reads.get(reads.size() - 1);
            assertThat(read.getParentSpanId()).isEqualTo(load.getSpanId());
            assertThat(load.getAttributes().get(AttributeKey.longKey("annals.version"))).isEqualTo(1);
            assertThat(load.getAttributes().get(AttributeKey.longKey("annals.events"))).isEqualTo(2);
        }
    }

    @Test
    void a_subscription_span_links_to_the_span_of_each_append_it_handles_not_as_its_parent() throws Exception {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("s.db"), telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            tickets.appendEvents(a, EventStore.NO_STREAM, List.of(opened(a), assigned(a, "bob")));
            tickets.appendEvents(b, EventStore.NO_STREAM, List.of(opened(b)));
            List<SpanData> appends = telemetry.named("append ticket");

            try (Subscription sub = annals.subscribe("ticket-view", SubscriptionOptions.startAt(Start.beginning())
                    .categories(Ticketing.TICKETS), (batch, context) -> { })) {
                assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            }

            SpanData handle = telemetry.named("handle ticket-view").get(0);
            assertThat(handle.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(handle.getParentSpanContext().isValid()).as("a root span: links, not a parent").isFalse();
            assertThat(handle.getAttributes().get(AttributeKey.longKey("annals.events"))).isEqualTo(3);
            assertThat(handle.getAttributes().get(AttributeKey.stringKey("annals.subscription"))).isEqualTo("ticket-view");
            assertThat(handle.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                    .as("one link per append, in order").containsExactly(appends.get(0).getSpanId(), appends.get(1).getSpanId());
            assertThat(handle.getLinks()).extracting(link -> link.getSpanContext().getTraceId())
                    .containsExactly(appends.get(0).getTraceId(), appends.get(1).getTraceId());
            assertThat(telemetry.registry.get("annals.subscription.events").tag("subscription", "ticket-view").counter().count())
                    .isEqualTo(3);
        }
    }

    @Test
    void a_projection_in_another_process_links_to_the_appending_span_through_the_stored_context() throws Exception {
        String url = "sqlite:" + dir.resolve("shared.db");
        try (TestTelemetry writerProcess = new TestTelemetry(); TestTelemetry projectionProcess = new TestTelemetry();
                Annals writer = Annals.open(url, writerProcess.observability());
                Annals projector = Annals.open(url, projectionProcess.observability())) {
            UUID id = UUID.randomUUID();
            Span command = writerProcess.otel().getTracer("app").spanBuilder("POST /tickets").startSpan();
            try (Scope ignored = command.makeCurrent()) {
                writer.eventStore(Ticketing.TICKETS).appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
            } finally {
                command.end();
            }
            SpanData append = writerProcess.one("append ticket");
            assertThat(append.getTraceId()).isEqualTo(command.getSpanContext().getTraceId());

            List<RecordedEvent<Object>> seen = new CopyOnWriteArrayList<>();
            try (Subscription sub = projector.subscribe("open-tickets", SubscriptionOptions.startAt(Start.beginning())
                    .categories(Ticketing.TICKETS), (batch, context) -> seen.addAll(batch))) {
                assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            }

            assertThat(seen).hasSize(1);
            assertThat(writerProcess.named("handle open-tickets")).as("the writer's process handled nothing").isEmpty();
            SpanData handle = projectionProcess.named("handle open-tickets").get(0);
            assertThat(handle.getTraceId()).as("the projection's own trace").isNotEqualTo(append.getTraceId());
            LinkData link = handle.getLinks().get(0);
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(command.getSpanContext().getTraceId());
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(append.getSpanId());
            assertThat(link.getSpanContext().isRemote()).isTrue();
        }
    }

    @Test
    void a_retry_from_another_trace_is_still_recognized_as_the_same_append_and_keeps_the_first_context() {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("r.db"), telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID id = UUID.randomUUID();
            List<EventData<TicketEvent>> events = List.of(EventData.of(opened(id)), EventData.of(assigned(id, "bob")));

            AppendResult first = inSpan(telemetry.otel(), "first try", () -> tickets.append(id, EventStore.NO_STREAM, events));
            AppendResult retry = inSpan(telemetry.otel(), "retry after a timeout", () -> tickets.append(id, EventStore.NO_STREAM, events));

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.positions()).isEqualTo(first.positions());
            List<SpanData> appends = telemetry.named("append ticket");
            assertThat(appends).hasSize(2);
            assertThat(appends.get(0).getTraceId()).isNotEqualTo(appends.get(1).getTraceId());
            assertThat(appends.get(1).getAttributes().get(AttributeKey.stringKey("annals.outcome"))).isEqualTo("retry");
            String firstContext = traceparent(appends.get(0));
            assertThat(annals.backend().readAll(0, 10)).hasSize(2).allSatisfy(event ->
                    assertThat(SystemMetadata.get(event.metadata(), SystemMetadata.TRACEPARENT)).contains(firstContext));
            assertThat(telemetry.registry.get("annals.append").tags("outcome", "retry").timer().count()).isEqualTo(1);
        }
    }

    @Test
    void with_trace_context_storage_turned_off_events_carry_no_system_metadata_but_spans_are_kept() {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("memory:", AnnalsObservability.builder().openTelemetry(telemetry.otel())
                        .storeTraceContext(false).build())) {
            UUID id = UUID.randomUUID();
            annals.eventStore(Ticketing.TICKETS).appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
            assertThat(annals.backend().readAll(0, 10).get(0).metadata()).isEmpty();
            assertThat(telemetry.named("append ticket")).hasSize(1);
        }
    }

    @Test
    void with_the_api_no_op_nothing_is_stored_and_nothing_is_traced() {
        try (Annals annals = Annals.open("memory:", AnnalsObservability.builder().openTelemetry(OpenTelemetry.noop()).build())) {
            UUID id = UUID.randomUUID();
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            tickets.appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
            assertThat(annals.backend().readAll(0, 10).get(0).metadata()).isEmpty();
            assertThat(tickets.loadEvents(id)).hasSize(1);
        }
    }

    /** The W3C form of a finished span's context: what an append stores. */
    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    private static <T> T inSpan(OpenTelemetry otel, String name, java.util.function.Supplier<T> work) {
        Span span = otel.getTracer("app").spanBuilder(name).setNoParent().startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
