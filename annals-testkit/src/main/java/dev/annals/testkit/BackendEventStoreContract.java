package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.RecordedEvent;
import dev.annals.SnapshotStore;
import dev.annals.UnknownEventTypeException;
import dev.annals.UnregisteredEventClassException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import dev.annals.testkit.domain.TestState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The backend-level event suite, the one class a backend extends (with one method,
 * {@link #fixture()}): {@link EventStoreContract} on the testkit's own domain, the backend-level
 * roles ({@link StreamNamesContract}, {@link InputLimitsContract}, {@link MultiStreamAppendContract}),
 * and what only a backend-backed store can show: stored type names and stream names, unregistered
 * event classes and type names, categories sharing one backend, what a retry compares at the SPI,
 * conflicts as the typed layer reports them, the recorded-at time a copied event keeps, and a property
 * test mixing appends with snapshot saves.
 */
public abstract class BackendEventStoreContract extends MultiStreamAppendContract {

    @Test
    void envelopes_carry_the_declared_type_names_and_the_category_stream_name() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        store.appendEvents(id, EventStore.NO_STREAM,
                List.of(new TestEvent.Opened("a"), new TestEvent.Renamed("b"), new TestEvent.Counted(3)));

        try (Stream<RecordedEvent<TestEvent>> events = store.readStream(id, -1)) {
            assertThat(events.toList()).allSatisfy(e -> assertThat(e.stream()).isEqualTo("testkit_counter-" + id))
                    .extracting(RecordedEvent::type).containsExactly("testkit-opened", "testkit-renamed", "testkit-counted");
        }
    }

    @Test
    void the_same_id_in_two_categories_names_two_separate_streams() {
        Annals annals = fixture().annals();
        EventStore<UUID, TestEvent> counters = annals.eventStore(TestDomain.COUNTERS);
        EventStore<UUID, TestEvent> others = annals.eventStore(TestDomain.OTHER_COUNTERS);
        UUID id = newAggregateId();
        List<TestEvent> mine = events(2);
        List<TestEvent> theirs = events(3);

        counters.appendEvents(id, EventStore.NO_STREAM, mine);
        others.appendEvents(id, EventStore.NO_STREAM, theirs);

        assertThat(counters.loadEvents(id)).containsExactlyElementsOf(mine);
        assertThat(others.loadEvents(id)).containsExactlyElementsOf(theirs);
    }

    @Test
    void appending_an_unregistered_event_class_is_rejected_and_writes_nothing() {
        EventStore<UUID, TestEvent> narrow = fixture().annals().eventStore(TestDomain.openedOnly("testkit_counter"));
        UUID id = newAggregateId();
        List<TestEvent> opened = List.of(new TestEvent.Opened("first"));
        narrow.appendEvents(id, EventStore.NO_STREAM, opened);
        assertThat(narrow.loadEvents(id)).containsExactlyElementsOf(opened);

        assertThatThrownBy(() -> narrow.appendEvents(id, 0, List.of(new TestEvent.Opened("second"), new TestEvent.Renamed("x"))))
                .isInstanceOf(UnregisteredEventClassException.class)
                .hasMessageContaining(TestEvent.Renamed.class.getName());

        assertThat(createStore().loadEvents(id)).containsExactlyElementsOf(opened);
        assertThat(createStore().getCurrentVersion(id)).hasValue(0);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void appending_an_object_that_is_not_an_event_of_the_category_is_rejected_and_writes_nothing() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        List<TestEvent> events = seed(store, id, 1);
        EventStore raw = store;

        assertInvalid(() -> raw.appendEvents(id, 0, List.of("a string")), "java.lang.string");

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
    }

    @Test
    void reading_an_event_whose_type_name_is_not_registered_fails_naming_the_type_and_the_stream() {
        UUID id = newAggregateId();
        createStore().appendEvents(id, EventStore.NO_STREAM, List.of(new TestEvent.Opened("a"), new TestEvent.Renamed("b")));
        assertThat(createStore().loadEvents(id)).hasSize(2);
        EventStore<UUID, TestEvent> narrow = fixture().annals().eventStore(TestDomain.openedOnly("testkit_counter"));

        assertThatThrownBy(() -> narrow.loadEvents(id))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("testkit-renamed")
                .hasMessageContaining("testkit_counter-" + id);
        assertThat(narrow.loadEvents(id, 1)).isEmpty();
    }

    @Test
    void a_retry_is_recognized_although_its_recorded_at_time_differs_and_not_when_its_metadata_differs() {
        StorageBackend backend = backend();
        String stream = TestDomain.COUNTERS.streamName(newAggregateId());
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AppendResult original = backend.append(new AppendRequest(stream, -1, counted(ids, "{}"), recordedAt));

        AppendResult retry = backend.append(new AppendRequest(stream, -1, counted(ids, "{}"), recordedAt.plusSeconds(7)));

        assertThat(original.positions()).hasSize(2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.version()).isEqualTo(1);
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThatThrownBy(() -> backend.append(new AppendRequest(stream, -1, counted(ids, "{\"actor\":\"x\"}"), recordedAt)))
                .isInstanceOf(DuplicateEventIdException.class);
        assertThat(backend.readStream(stream, -1, 10)).hasSize(2).allSatisfy(e -> assertThat(e.recordedAt()).isEqualTo(recordedAt));
    }

    @Test
    void a_retry_is_recognized_whatever_trace_context_its_system_metadata_holds_and_the_first_one_is_kept() {
        StorageBackend backend = backend();
        String stream = TestDomain.COUNTERS.streamName(newAggregateId());
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID());
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String first = "{\"actor\":\"a\",\"$system\":{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}}";
        String retried = "{\"actor\":\"a\",\"$system\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}";
        AppendResult original = backend.append(new AppendRequest(stream, -1, counted(ids, first), recordedAt));

        AppendResult retry = backend.append(new AppendRequest(stream, -1, counted(ids, retried), recordedAt.plusSeconds(7)));

        assertThat(retry.duplicate()).as("a retry sent from another trace is the same append").isTrue();
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThat(backend.readStream(stream, -1, 10)).hasSize(2)
                .allSatisfy(e -> assertThat(new String(e.metadata(), StandardCharsets.UTF_8)).isEqualTo(first));
        assertThatThrownBy(() -> backend.append(new AppendRequest(stream, -1, counted(ids, first.replace("\"a\"", "\"b\"")),
                recordedAt))).as("the user's part still counts").isInstanceOf(DuplicateEventIdException.class);
    }

    @Test
    void a_conflict_reports_the_stream_name_the_typed_id_and_the_backend_exception_as_its_cause() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        seed(store, id, 2);

        assertThatThrownBy(() -> store.appendEvents(id, 0, events(1))).isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
            assertThat(e.stream()).isEqualTo(TestDomain.COUNTERS.streamName(id));
            assertThat(e.aggregateId()).isEqualTo(id);
            assertThat(e.getCause()).isInstanceOfSatisfying(EventStoreConflictException.class, cause -> {
                assertThat(cause.stream()).isEqualTo(e.stream());
                assertThat(cause.expectedVersion()).isEqualTo(0);
                assertThat(cause.actualVersion()).isEqualTo(1);
            });
        });
    }

    @Test
    void an_append_keeps_the_recorded_at_time_that_each_event_carries_as_a_copy_gives_it() {
        StorageBackend backend = backend();
        String stream = TestDomain.COUNTERS.streamName(newAggregateId());
        Instant appendTime = Instant.parse("2024-05-06T07:08:09.123456789Z");
        Instant first = Instant.parse("2001-02-03T04:05:06.987654321Z");
        Instant old = Instant.parse("1950-06-07T08:09:10.000000001Z");
        List<NewEvent> events = List.of(ownTime(first), ownTime(null), ownTime(old));
        AppendRequest request = new AppendRequest(stream, AppendRequest.NO_STREAM, events, appendTime);

        AppendResult written = backend.append(request);
        AppendResult retried = backend.append(request);

        List<Instant> expected = List.of(first, appendTime, old);
        assertThat(backend.readStream(stream, -1, 10)).extracting(StoredEvent::recordedAt).containsExactlyElementsOf(expected);
        assertThat(backend.readAll(written.positions().get(0) - 1, 3)).extracting(StoredEvent::recordedAt)
                .containsExactlyElementsOf(expected);
        assertThat(retried.duplicate()).as("the same append sent again is a retry").isTrue();
        assertThat(retried.positions()).isEqualTo(written.positions());
        if (backend.capabilities().contains(Capability.MULTI_STREAM_APPEND)) {
            String other = TestDomain.OTHER_COUNTERS.streamName(newAggregateId());
            Instant otherTime = Instant.parse("2010-01-01T00:00:00.000000999Z");
            backend.appendAll(List.of(new AppendRequest(stream, 2, List.of(ownTime(otherTime)), appendTime.plusSeconds(1)),
                    new AppendRequest(other, AppendRequest.NO_STREAM, List.of(ownTime(first), ownTime(null)), appendTime.plusSeconds(1))));
            assertThat(backend.readStream(stream, 2, 10)).extracting(StoredEvent::recordedAt).containsExactly(otherTime);
            assertThat(backend.readStream(other, -1, 10)).extracting(StoredEvent::recordedAt)
                    .containsExactly(first, appendTime.plusSeconds(1));
        }
    }

    private static NewEvent ownTime(@Nullable Instant recordedAt) {
        return new NewEvent(UUID.randomUUID(), "testkit-counted", 1, new byte[0], "{\"amount\":1}".getBytes(StandardCharsets.UTF_8),
                recordedAt);
    }

    private static List<NewEvent> counted(List<UUID> ids, String metadata) {
        return ids.stream().map(id -> new NewEvent(id, "testkit-counted", 1, metadata.getBytes(StandardCharsets.UTF_8),
                "{\"amount\":1}".getBytes(StandardCharsets.UTF_8))).toList();
    }

    @Property(tries = 50)
    void random_appends_loads_and_snapshot_saves_agree_with_a_model(
            @ForAll("mixedSessions") List<Object> steps) {
        Annals annals = fixture().annals();
        EventStore<UUID, TestEvent> events = annals.eventStore(TestDomain.COUNTERS);
        SnapshotStore<UUID, TestState> snapshots = annals.snapshotStore(TestDomain.COUNTERS, TestState.class, 2);
        List<UUID> ids = IntStream.range(0, EventStep.STREAMS).mapToObj(i -> newAggregateId()).toList();
        var eventModel = new EventStoreModel<>(events, ids, seed -> newEvent(nextSeed()));
        var snapshotModel = new SnapshotStoreModel<>(snapshots, ids.subList(0, SnapshotStep.AGGREGATES),
                seed -> Samples.instance(TestState.class, seed), 2);
        for (Object step : steps) {
            if (step instanceof EventStep eventStep) {
                eventModel.run(eventStep);
            } else {
                snapshotModel.run((SnapshotStep) step);
            }
        }
        eventModel.verifyAll();
        snapshotModel.verifyAll();
    }

    @Provide
    Arbitrary<List<Object>> mixedSessions() {
        return Arbitraries.oneOf(EventStep.any().map(s -> (Object) s), SnapshotStep.any().map(s -> (Object) s))
                .list().ofMinSize(1).ofMaxSize(30);
    }
}
