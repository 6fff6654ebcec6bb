package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventData;
import dev.annals.EventStore;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bad-input role of {@link EventStoreContract}: nulls and impossible expected versions are an
 * {@link dev.annals.InvalidArgumentException} naming the problem, and change nothing.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class BadInputContract<ID, E> extends ConcurrencyContract<ID, E> {

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void a_null_aggregate_id_is_rejected_everywhere_and_changes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);

        assertInvalid(() -> store.appendEvents(null, EventStore.ANY, events(1)), "id", "null");
        assertInvalid(() -> store.append(null, EventStore.ANY, data(1)), "id", "null");
        assertInvalid(() -> store.loadEvents(null), "id", "null");
        assertInvalid(() -> store.loadEvents(null, 0), "id", "null");
        assertInvalid(() -> store.getCurrentVersion(null), "id", "null");
        assertInvalid(() -> store.readStream(null, -1).close(), "id", "null");

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
    }

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void a_null_event_list_is_rejected_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);

        assertInvalid(() -> store.appendEvents(id, 1, null), "events", "null");
        assertInvalid(() -> store.append(id, 1, null), "events", "null");

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(1);
    }

    @Test
    void a_null_event_in_the_list_is_rejected_and_writes_none_of_the_others() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);

        assertInvalid(() -> store.appendEvents(id, 1, Arrays.asList(newEvent(nextSeed()), null)), "event", "null");
        assertInvalid(() -> store.append(id, 1, Arrays.asList(EventData.of(newEvent(nextSeed())), null)), "event", "null");

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(1);
    }

    @Test
    void an_expected_version_below_minus_two_is_rejected_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);
        ID fresh = newAggregateId();

        assertInvalid(() -> store.appendEvents(id, -3, events(1)), "version", "-3");
        assertInvalid(() -> store.appendEvents(fresh, Long.MIN_VALUE, events(1)), "version", String.valueOf(Long.MIN_VALUE));

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(fresh)).isEmpty();
    }
}
