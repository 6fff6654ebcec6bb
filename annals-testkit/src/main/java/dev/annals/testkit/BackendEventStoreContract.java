package dev.annals.testkit;

import static dev.annals.testkit.EventStoreContract.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import dev.annals.SnapshotStore;
import dev.annals.UnknownEventTypeException;
import dev.annals.UnregisteredEventClassException;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import dev.annals.testkit.domain.TestState;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link EventStoreContract} bound to a backend, with the testkit's own domain
 * ({@link TestEvent} under {@link TestDomain#COUNTERS}), plus what only a backend-backed store
 * can show: stored type names and stream names, unregistered event classes and type names,
 * categories sharing one backend, and a property test mixing appends with snapshot saves.
 *
 * <p>A backend extends it with one method, {@link #fixture()}.
 */
public abstract class BackendEventStoreContract extends EventStoreContract<UUID, TestEvent> {

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    @Override
    protected EventStore<UUID, TestEvent> createStore() {
        return fixture().annals().eventStore(TestDomain.COUNTERS);
    }

    @Override
    protected UUID newAggregateId() {
        return UUID.randomUUID();
    }

    @Override
    protected TestEvent newEvent(int seed) {
        return TestEvent.of(seed);
    }

    @Test
    void envelopes_carry_the_declared_type_names_and_the_category_stream_name() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        store.appendEvents(id, EventStore.NO_STREAM,
                List.of(new TestEvent.Opened("a"), new TestEvent.Renamed("b"), new TestEvent.Counted(3)));

        try (Stream<RecordedEvent<TestEvent>> events = store.readStream(id, -1)) {
            assertThat(events.toList()).allSatisfy(e -> assertThat(e.streamId()).isEqualTo("testkit_counter-" + id))
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
