package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendResult;
import dev.annals.EventStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The appends-and-versions role of {@link EventStoreContract}: events are stored in order at
 * 0-based versions, an empty append creates nothing, streams are isolated, the expected version is
 * checked (exact, {@code NO_STREAM}, {@code ANY}) and a mismatch writes nothing, and positions increase.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class AppendContract<ID, E> extends EventStoreSuite<ID, E> {

    @Test
    void appending_two_events_to_a_new_stream_stores_them_in_order_at_version_one() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = events(2);

        AppendResult result = store.appendEvents(id, EventStore.NO_STREAM, events);

        assertThat(result.version()).isEqualTo(1);
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(1);
    }

    @Test
    void appending_an_empty_list_to_a_new_stream_stores_nothing_and_creates_no_stream() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();

        AppendResult result = store.appendEvents(id, EventStore.NO_STREAM, List.of());

        assertThat(result.version()).isEqualTo(-1);
        assertThat(result.positions()).isEmpty();
        assertThat(store.getCurrentVersion(id)).isEmpty();
        assertThat(store.loadEvents(id)).isEmpty();
        List<E> later = events(1);
        store.appendEvents(id, EventStore.NO_STREAM, later);
        assertThat(store.loadEvents(id)).as("the stream is still new after the empty append").containsExactlyElementsOf(later);
    }

    @Test
    void appending_to_an_existing_stream_keeps_all_events_in_order() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> first = events(2);
        List<E> second = events(3);

        store.appendEvents(id, EventStore.NO_STREAM, first);
        AppendResult result = store.appendEvents(id, 1, second);

        assertThat(result.version()).isEqualTo(4);
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(concat(first, second));
        assertThat(store.getCurrentVersion(id)).hasValue(4);
    }

    @Test
    void appending_an_empty_list_to_an_existing_stream_changes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 3);

        AppendResult result = store.appendEvents(id, 2, List.of());

        assertThat(result.version()).isEqualTo(2);
        assertThat(result.positions()).isEmpty();
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(2);
    }

    @Test
    void expected_version_zero_on_a_new_stream_is_a_conflict_and_stores_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();

        assertConflict(() -> store.appendEvents(id, 0, events(2)), id, 0, -1);

        assertThat(store.loadEvents(id)).isEmpty();
        assertThat(store.getCurrentVersion(id)).isEmpty();
    }

    @Test
    void append_with_stale_version_is_rejected_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 3);

        assertConflict(() -> store.appendEvents(id, 0, events(2)), id, 0, 2);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(2);
    }

    @Test
    void current_version_is_empty_for_an_unknown_stream_and_follows_appends() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();

        assertThat(store.getCurrentVersion(id)).isEmpty();
        store.appendEvents(id, EventStore.NO_STREAM, events(1));
        assertThat(store.getCurrentVersion(id)).hasValue(0);
        store.appendEvents(id, 0, events(2));
        assertThat(store.getCurrentVersion(id)).hasValue(2);
    }

    @Test
    void streams_with_different_ids_are_isolated() {
        EventStore<ID, E> store = createStore();
        ID first = newAggregateId();
        ID second = newAggregateId();
        assertThat(first).as("newAggregateId() must give a fresh id").isNotEqualTo(second);
        List<E> firstEvents = events(2);
        List<E> secondEvents = events(3);

        store.appendEvents(first, EventStore.NO_STREAM, firstEvents);
        store.appendEvents(second, EventStore.NO_STREAM, secondEvents);

        assertThat(store.loadEvents(first)).containsExactlyElementsOf(firstEvents);
        assertThat(store.loadEvents(second)).containsExactlyElementsOf(secondEvents);
        assertThat(store.getCurrentVersion(first)).hasValue(1);
        assertThat(store.getCurrentVersion(second)).hasValue(2);
    }

    @Test
    void fifty_events_in_one_append_reach_version_forty_nine() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = events(50);

        AppendResult result = store.appendEvents(id, EventStore.NO_STREAM, events);

        assertThat(result.version()).isEqualTo(49);
        assertThat(result.positions()).hasSize(50);
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(49);
    }

    @Test
    void append_with_any_skips_the_version_check() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> first = events(2);
        List<E> second = events(1);

        store.appendEvents(id, EventStore.ANY, first);
        AppendResult result = store.appendEvents(id, EventStore.ANY, second);

        assertThat(result.version()).isEqualTo(2);
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(concat(first, second));
    }

    @Test
    void append_with_no_stream_to_an_existing_stream_is_a_conflict() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);

        assertConflict(() -> store.appendEvents(id, EventStore.NO_STREAM, events(1)), id, -1, 1);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
    }

    @Test
    void append_with_a_version_ahead_of_the_stream_is_a_conflict() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 2);

        assertConflict(() -> store.appendEvents(id, 5, events(1)), id, 5, 1);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
    }

    @Test
    void an_empty_append_is_still_checked_against_the_expected_version() {
        EventStore<ID, E> store = createStore();
        ID existing = newAggregateId();
        List<E> events = seed(store, existing, 2);
        ID missing = newAggregateId();

        assertConflict(() -> store.appendEvents(existing, 0, List.of()), existing, 0, 1);
        assertConflict(() -> store.appendEvents(missing, 3, List.of()), missing, 3, -1);

        assertThat(store.loadEvents(existing)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(missing)).isEmpty();
    }

    @Test
    void append_result_reports_the_new_version_and_increasing_global_positions() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();

        AppendResult first = store.appendEvents(id, EventStore.NO_STREAM, events(3));
        AppendResult second = store.appendEvents(id, 2, events(2));

        assertThat(first.version()).isEqualTo(2);
        assertThat(second.version()).isEqualTo(4);
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isFalse();
        List<Long> positions = concat(first.positions(), second.positions());
        assertThat(positions).hasSize(5).doesNotHaveDuplicates().isSorted().allSatisfy(p -> assertThat(p).isPositive());
    }
}
