package dev.annals.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.Metadata;
import dev.annals.StreamAppend;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendMetersTest {

    @TempDir
    Path dir;

    @Test
    void every_append_outcome_is_timed_with_its_backend_tag() {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("a.db"), telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID id = UUID.randomUUID();
            List<EventData<TicketEvent>> first = List.of(EventData.of(opened(id)), EventData.of(assigned(id, "bob")));

            tickets.append(id, EventStore.NO_STREAM, first);                          // ok
            tickets.append(id, EventStore.NO_STREAM, first);                          // the same append again: retry
            assertThatThrownBy(() -> tickets.appendEvents(id, 0, List.of(assigned(id, "eve"))))
                    .isInstanceOf(EventStoreConflictException.class);                   // conflict
            EventData<TicketEvent> reused = new EventData<>(first.get(0).eventId(), assigned(id, "mallory"), Metadata.EMPTY);
            assertThatThrownBy(() -> tickets.append(id, 1, List.of(reused)))
                    .isInstanceOf(DuplicateEventIdException.class);                     // duplicate

            for (String outcome : List.of("ok", "retry", "conflict", "duplicate")) {
                Timer timer = telemetry.registry.find("annals.append").tags("backend", "sqlite", "outcome", outcome).timer();
                assertThat(timer).as(outcome).isNotNull();
                assertThat(timer.count()).as(outcome).isEqualTo(1);
            }
            DistributionSummary events = telemetry.registry.find("annals.append.events").tag("backend", "sqlite").summary();
            assertThat(events.count()).isEqualTo(1);
            assertThat(events.totalAmount()).isEqualTo(2);
            assertThat(telemetry.registry.find("annals.append").tag("outcome", "error").timer()).isNull();
        }
    }

    @Test
    void a_multi_stream_append_is_one_append_of_all_its_events() {
        try (TestTelemetry telemetry = new TestTelemetry(); Annals annals = Annals.open("memory:", telemetry.observability())) {
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            annals.appendAll(List.of(StreamAppend.of(Ticketing.TICKETS, a, -1, List.of(opened(a))),
                    StreamAppend.of(Ticketing.TICKETS, b, -1, List.of(opened(b), assigned(b, "bob")))));

            assertThat(telemetry.registry.get("annals.append").tags("backend", "memory", "outcome", "ok").timer().count()).isEqualTo(1);
            assertThat(telemetry.registry.get("annals.append.events").summary().totalAmount()).isEqualTo(3);
            assertThat(telemetry.one("append").getAttributes().asMap().toString()).contains("annals.streams=2", "annals.events=3");
        }
    }

    @Test
    void stream_and_log_reads_are_timed_with_the_events_they_read() {
        try (TestTelemetry telemetry = new TestTelemetry(); Annals annals = Annals.open("memory:", telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID id = UUID.randomUUID();
            tickets.appendEvents(id, EventStore.NO_STREAM, List.of(opened(id), assigned(id, "bob"), assigned(id, "carol")));

            assertThat(tickets.loadEvents(id)).hasSize(3);
            assertThat(annals.eventLog().readAll(0, 2)).hasSize(2);

            assertThat(telemetry.registry.get("annals.read").tags("backend", "memory", "source", "stream").timer().count()).isEqualTo(1);
            assertThat(telemetry.registry.get("annals.read.events").tags("source", "stream").summary().totalAmount()).isEqualTo(3);
            assertThat(telemetry.registry.get("annals.read").tags("source", "log").timer().count()).isEqualTo(1);
            assertThat(telemetry.registry.get("annals.read.events").tags("source", "log").summary().totalAmount()).isEqualTo(2);
        }
    }

    @Test
    void concurrent_sqlite_appends_report_the_size_of_each_group_commit() throws Exception {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("g.db"), telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            UUID id = UUID.randomUUID();
                            tickets.appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            DistributionSummary batches = telemetry.registry.get("annals.commit.batch").tag("backend", "sqlite").summary();
            assertThat(batches.totalAmount()).as("every append is in exactly one batch").isEqualTo(100);
            assertThat(batches.count()).isBetween(1L, 100L);
            assertThat(batches.max()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void a_store_opened_without_instrumentation_reports_nothing_and_stores_no_system_metadata() {
        try (TestTelemetry telemetry = new TestTelemetry(); Annals annals = Annals.open("memory:")) {
            UUID id = UUID.randomUUID();
            annals.eventStore(Ticketing.TICKETS).appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
            assertThat(annals.backend().readAll(0, 10).get(0).metadata()).isEmpty();
            assertThat(telemetry.registry.getMeters()).isEmpty();
        }
    }

    static TicketEvent opened(UUID id) {
        return new TicketEvent.TicketOpened(id, "Printer on fire", "alice", Priority.URGENT, Instant.parse("2026-12-01T10:00:00Z"));
    }

    static TicketEvent assigned(UUID id, String who) {
        return new TicketEvent.TicketAssigned(id, who);
    }
}
