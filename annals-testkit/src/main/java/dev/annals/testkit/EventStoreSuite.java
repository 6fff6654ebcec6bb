package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The root of the event-store suites: how a test gets a store, fresh ids and events, and the
 * helpers every role uses. It holds no test.
 *
 * <p>The roles are a chain of abstract classes, one role per class ({@link AppendContract},
 * {@link RetryContract}, {@link ReadContract}, {@link ConcurrencyContract},
 * {@link BadInputContract}), ending in {@link EventStoreContract}: a store is tested by extending
 * that one class, and the properties of each role run under both JUnit Jupiter and jqwik.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class EventStoreSuite<ID, E> {

    private final AtomicInteger seeds = new AtomicInteger(1);

    /** The store under test; called per test (and per property try), may return a shared store. */
    protected abstract EventStore<ID, E> createStore();

    /** An id never used before. */
    protected abstract ID newAggregateId();

    /** An event from {@code seed}; distinct seeds give events that are not {@code equals}. */
    protected abstract E newEvent(int seed);

    /** A seed no other call of this suite instance used. */
    protected final int nextSeed() {
        return seeds.getAndIncrement();
    }

    /** {@code count} new, pairwise unequal events. */
    protected final List<E> events(int count) {
        List<E> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(newEvent(nextSeed()));
        }
        assertThat(new HashSet<>(events)).as("newEvent(seed) must give unequal events for distinct seeds").hasSize(count);
        return events;
    }

    /** Appends {@code count} events to a new stream and proves they are stored. */
    protected final List<E> seed(EventStore<ID, E> store, ID id, int count) {
        List<E> events = events(count);
        store.appendEvents(id, EventStore.NO_STREAM, events);
        assertThat(store.loadEvents(id)).as("the events just appended").containsExactlyElementsOf(events);
        return events;
    }

    /** {@code count} new events with fresh ids and no metadata. */
    protected final List<EventData<E>> data(int count) {
        return events(count).stream().map(e -> new EventData<>(UUID.randomUUID(), e, Metadata.EMPTY)).collect(Collectors.toList());
    }

    /** The events of {@code data}, in order. */
    protected static <E> List<E> payloads(List<EventData<E>> data) {
        return data.stream().map(EventData::event).toList();
    }

    /** {@code first} followed by {@code second}, in a new list. */
    protected static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The envelopes of {@code id} after {@code afterVersion}, read and closed. */
    protected static <ID, E> List<RecordedEvent<E>> envelopes(EventStore<ID, E> store, ID id, long afterVersion) {
        try (Stream<RecordedEvent<E>> stream = store.readStream(id, afterVersion)) {
            return stream.toList();
        }
    }

    /** The append fails with a conflict reporting {@code id} and both versions. */
    protected static void assertConflict(ThrowingCallable append, Object id, long expected, long actual) {
        assertThatThrownBy(append).isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
            assertThat(e.aggregateId()).as("aggregateId()").isEqualTo(id);
            assertThat(e.expectedVersion()).as("expectedVersion()").isEqualTo(expected);
            assertThat(e.actualVersion()).as("actualVersion()").isEqualTo(actual);
        });
    }
}
