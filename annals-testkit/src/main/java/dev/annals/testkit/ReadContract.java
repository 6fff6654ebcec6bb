package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reads role of {@link EventStoreContract}: exclusive reads after a version (a negative one
 * reads everything), unknown streams read empty, returned lists are the caller's own copies, and
 * envelopes carry ids, types, versions, positions, metadata and the recorded-at time.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class ReadContract<ID, E> extends RetryContract<ID, E> {

    @Test
    void loading_an_unknown_stream_gives_an_empty_list() {
        EventStore<ID, E> store = createStore();
        ID known = newAggregateId();
        seed(store, known, 2);

        assertThat(store.loadEvents(newAggregateId())).isEmpty();
        assertThat(store.loadEvents(newAggregateId(), 0)).isEmpty();
    }

    @ParameterizedTest(name = "from version {0} gives the events at versions {1}")
    @CsvSource({"-1, 0 1 2 3 4", "0, 1 2 3 4", "2, 3 4", "4, ''", "5, ''", "-10, 0 1 2 3 4",
            "9223372036854775807, ''", "-9223372036854775808, 0 1 2 3 4"})
    void loading_from_a_version_returns_only_the_events_after_it(long fromVersion, String expectedVersions) {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 5);
        List<E> expected = Arrays.stream(expectedVersions.trim().split(" ")).filter(s -> !s.isEmpty())
                .map(v -> events.get(Integer.parseInt(v))).toList();

        assertThat(store.loadEvents(id, fromVersion)).containsExactlyElementsOf(expected);
    }

    @Test
    void returned_lists_are_copies_that_do_not_change_the_store() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 3);

        List<E> loaded = store.loadEvents(id);
        mutate(loaded);
        List<E> tail = store.loadEvents(id, 0);
        mutate(tail);

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.loadEvents(id)).isNotSameAs(store.loadEvents(id));
    }

    @Test
    void read_stream_returns_envelopes_with_ids_types_versions_positions_and_metadata() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        Metadata metadata = new Metadata(UUID.randomUUID(), UUID.randomUUID(), "testkit-user", Map.of("tenant", "t-1"));
        var first = new EventData<>(UUID.randomUUID(), newEvent(nextSeed()), metadata);
        var second = new EventData<>(UUID.randomUUID(), newEvent(nextSeed()), Metadata.EMPTY);
        Instant before = Instant.now();
        AppendResult result = store.append(id, EventStore.NO_STREAM, List.of(first, second));

        List<RecordedEvent<E>> envelopes = envelopes(store, id, -1);

        assertThat(envelopes).hasSize(2);
        for (int i = 0; i < 2; i++) {
            RecordedEvent<E> envelope = envelopes.get(i);
            EventData<E> sent = i == 0 ? first : second;
            assertThat(envelope.eventId()).isEqualTo(sent.eventId());
            assertThat(envelope.event()).isEqualTo(sent.event());
            assertThat(envelope.metadata()).isEqualTo(sent.metadata());
            assertThat(envelope.version()).isEqualTo(i);
            assertThat(envelope.position()).isEqualTo(result.positions().get(i));
            assertThat(envelope.type()).isNotBlank();
            assertThat(envelope.stream()).isNotBlank();
            assertThat(envelope.recordedAt()).isBetween(before.minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofMinutes(1)));
        }
        assertThat(envelopes.get(0).stream()).isEqualTo(envelopes.get(1).stream());
    }

    @Test
    void read_stream_from_a_version_is_exclusive() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 4);

        assertThat(envelopes(store, id, 1)).extracting(RecordedEvent::version).containsExactly(2L, 3L);
        assertThat(envelopes(store, id, 1)).extracting(RecordedEvent::event).containsExactlyElementsOf(events.subList(2, 4));
        assertThat(envelopes(store, id, -7)).hasSize(4);
        assertThat(envelopes(store, id, 3)).isEmpty();
        assertThat(envelopes(store, newAggregateId(), -1)).isEmpty();
    }

    @Test
    void a_long_stream_reads_back_completely_and_in_order() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            List<E> more = events(700);
            store.appendEvents(id, events.size() - 1L, more);
            events.addAll(more);
        }

        try (Stream<RecordedEvent<E>> stream = store.readStream(id, -1)) {
            long[] expectedVersion = {0};
            stream.forEach(e -> assertThat(e.version()).isEqualTo(expectedVersion[0]++));
            assertThat(expectedVersion[0]).isEqualTo(2100);
        }
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.loadEvents(id, 1500)).containsExactlyElementsOf(events.subList(1501, 2100));
    }

    private static <E> void mutate(List<E> list) {
        try {
            list.clear();
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable copy protects the store as well
        }
    }
}
