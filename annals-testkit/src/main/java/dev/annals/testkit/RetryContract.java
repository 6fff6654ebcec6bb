package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The idempotent-retries role of {@link EventStoreContract}: an append sent again (the same ids,
 * in the same order, at the same place, with the same events and user metadata) writes nothing and
 * returns its original outcome, whenever it arrives; an id reused for anything else, a part of an
 * earlier append, or an id of another stream is a {@link DuplicateEventIdException} that writes nothing.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class RetryContract<ID, E> extends AppendContract<ID, E> {

    @Test
    void retrying_an_append_with_the_same_event_ids_succeeds_without_writing_twice() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<EventData<E>> batch = data(3);

        AppendResult original = store.append(id, EventStore.NO_STREAM, batch);
        AppendResult retry = store.append(id, EventStore.NO_STREAM, batch);

        assertThat(original.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.version()).isEqualTo(original.version()).isEqualTo(2);
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(payloads(batch));
        assertThat(store.getCurrentVersion(id)).hasValue(2);
    }

    @Test
    void a_retry_that_arrives_after_later_appends_still_returns_the_original_outcome() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<EventData<E>> batch = data(2);
        AppendResult original = store.append(id, EventStore.NO_STREAM, batch);
        List<E> later = events(2);
        store.appendEvents(id, 1, later);

        AppendResult retry = store.append(id, EventStore.NO_STREAM, batch);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.version()).isEqualTo(1);
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(concat(payloads(batch), later));
    }

    @Test
    void reusing_an_event_id_for_different_content_is_rejected_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<EventData<E>> batch = data(1);
        store.append(id, EventStore.NO_STREAM, batch);
        E other = newEvent(nextSeed());
        var reused = List.of(new EventData<>(batch.get(0).eventId(), other, Metadata.EMPTY));

        assertThatThrownBy(() -> store.append(id, 0, reused))
                .isInstanceOfSatisfying(DuplicateEventIdException.class,
                        e -> assertThat(e.eventId()).isEqualTo(batch.get(0).eventId()))
                .hasMessageContaining(batch.get(0).eventId().toString());

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(payloads(batch));
    }

    @Test
    void an_append_mixing_a_stored_event_id_with_new_events_is_rejected_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<EventData<E>> batch = data(1);
        store.append(id, EventStore.NO_STREAM, batch);
        List<EventData<E>> mixed = concat(batch, data(1));

        assertThatThrownBy(() -> store.append(id, EventStore.ANY, mixed)).isInstanceOf(DuplicateEventIdException.class);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(payloads(batch));
    }

    @Test
    void an_event_id_already_stored_in_another_stream_is_rejected() {
        EventStore<ID, E> store = createStore();
        ID first = newAggregateId();
        ID second = newAggregateId();
        List<EventData<E>> batch = data(1);
        store.append(first, EventStore.NO_STREAM, batch);

        assertThatThrownBy(() -> store.append(second, EventStore.NO_STREAM, batch)).isInstanceOf(DuplicateEventIdException.class);

        assertThat(store.loadEvents(first)).containsExactlyElementsOf(payloads(batch));
        assertThat(store.getCurrentVersion(second)).isEmpty();
    }

    @Test
    void events_appended_without_ids_get_distinct_ids() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        seed(store, id, 5);

        List<UUID> ids = envelopes(store, id, -1).stream().map(RecordedEvent::eventId).toList();

        assertThat(ids).hasSize(5).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void a_retry_with_the_same_metadata_is_recognized_and_one_whose_metadata_differs_is_a_duplicate_event_id() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        Metadata sent = Metadata.EMPTY.withActor("testkit").with("tenant", "t-1");
        List<EventData<E>> batch = events(2).stream().map(e -> new EventData<>(UUID.randomUUID(), e, sent)).toList();
        AppendResult original = store.append(id, EventStore.NO_STREAM, batch);

        AppendResult retry = store.append(id, EventStore.NO_STREAM, batch);
        List<EventData<E>> altered = batch.stream().map(d -> new EventData<>(d.eventId(), d.event(), sent.with("tenant", "t-2"))).toList();

        assertThat(retry.duplicate()).as("a retry sent again with the same metadata").isTrue();
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThatThrownBy(() -> store.append(id, EventStore.NO_STREAM, altered))
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(batch.get(0).eventId()));
        assertThat(envelopes(store, id, -1)).extracting(RecordedEvent::metadata).containsExactly(sent, sent);
        assertThat(store.getCurrentVersion(id)).hasValue(1);
    }

    @Test
    void part_of_an_earlier_append_is_no_retry_and_writes_nothing() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<EventData<E>> xyz = data(3);
        store.append(id, EventStore.NO_STREAM, xyz);
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(payloads(xyz));

        assertThatThrownBy(() -> store.append(id, EventStore.NO_STREAM, xyz.subList(0, 2))).isInstanceOf(DuplicateEventIdException.class);
        assertThatThrownBy(() -> store.append(id, 0, xyz.subList(1, 3))).isInstanceOf(DuplicateEventIdException.class);
        assertThatThrownBy(() -> store.append(id, 1, xyz.subList(2, 3))).isInstanceOf(DuplicateEventIdException.class);
        assertThatThrownBy(() -> store.append(id, EventStore.ANY, xyz.subList(0, 1))).isInstanceOf(DuplicateEventIdException.class);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(payloads(xyz));
        assertThat(store.getCurrentVersion(id)).hasValue(2);
    }

    @Test
    void a_later_id_that_belongs_to_another_stream_is_refused_naming_that_stream() {
        EventStore<ID, E> store = createStore();
        ID holder = newAggregateId();
        List<EventData<E>> held = data(1);
        store.append(holder, EventStore.NO_STREAM, held);
        String holderStream = envelopes(store, holder, -1).get(0).stream();
        ID other = newAggregateId();
        List<EventData<E>> mixed = concat(data(1), held);

        assertThatThrownBy(() -> store.append(other, EventStore.NO_STREAM, mixed))
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(held.get(0).eventId()))
                .hasMessageContaining(holderStream);

        assertThat(store.getCurrentVersion(other)).isEmpty();
        assertThat(store.loadEvents(holder)).containsExactlyElementsOf(payloads(held));
    }
}
