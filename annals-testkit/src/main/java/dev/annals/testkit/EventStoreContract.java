package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract of {@link EventStore}, for any implementation: a backend's typed store or a user's
 * own. Extend it, say how to make a store, a fresh id and an event, and every test below runs.
 *
 * <p>Covers the behaviours of the seed framework's base tests, every line of the event-store part
 * of the Contract (idempotent retries included), races on one stream, bad input, and a property
 * test against a model. Every test first proves that the store stores something, so a store that
 * does nothing fails every test.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class EventStoreContract<ID, E> {

    private static final int RACERS = 4;
    private static final int ROUNDS = 8;

    private final AtomicInteger seeds = new AtomicInteger(1);

    /** The store under test; called per test (and per property try), may return a shared store. */
    protected abstract EventStore<ID, E> createStore();

    /** An id never used before. */
    protected abstract ID newAggregateId();

    /** An event from {@code seed}; distinct seeds give events that are not {@code equals}. */
    protected abstract E newEvent(int seed);

    // ---- the seed framework's base tests ----

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

    // ---- the Contract: versions and conflicts ----

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

    // ---- the Contract: idempotency ----

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

    // ---- the Contract: envelopes ----

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
            assertThat(envelope.payload()).isEqualTo(sent.event());
            assertThat(envelope.metadata()).isEqualTo(sent.metadata());
            assertThat(envelope.version()).isEqualTo(i);
            assertThat(envelope.position()).isEqualTo(result.positions().get(i));
            assertThat(envelope.type()).isNotBlank();
            assertThat(envelope.streamId()).isNotBlank();
            assertThat(envelope.recordedAt()).isBetween(before.minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofMinutes(1)));
        }
        assertThat(envelopes.get(0).streamId()).isEqualTo(envelopes.get(1).streamId());
    }

    @Test
    void read_stream_from_a_version_is_exclusive() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> events = seed(store, id, 4);

        assertThat(envelopes(store, id, 1)).extracting(RecordedEvent::version).containsExactly(2L, 3L);
        assertThat(envelopes(store, id, 1)).extracting(RecordedEvent::payload).containsExactlyElementsOf(events.subList(2, 4));
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

    // ---- races ----

    @Test
    void concurrent_appends_with_the_same_expected_version_have_exactly_one_winner_per_round() {
        EventStore<ID, E> store = createStore();
        ID id = newAggregateId();
        List<E> winners = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long expected = round - 1L;
            List<E> candidates = events(RACERS);
            var outcomes = Race.run(RACERS, i -> () -> store.appendEvents(id, expected, List.of(candidates.get(i))));

            var won = outcomes.stream().filter(Race.Outcome::succeeded).toList();
            assertThat(won).as("winners of round %d (outcomes %s)", round, outcomes).hasSize(1);
            assertThat(won.get(0).result().version()).isEqualTo(round);
            outcomes.stream().filter(o -> !o.succeeded()).forEach(o -> assertThat(o.error())
                    .as("loser %d of round %d", o.task(), expected + 1)
                    .isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isEqualTo(expected);
                        assertThat(e.actualVersion()).isEqualTo(expected + 1);
                    }));
            winners.add(candidates.get(won.get(0).task()));
        }

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(winners);
        assertThat(store.getCurrentVersion(id)).hasValue(ROUNDS - 1L);
        assertThat(envelopes(store, id, -1)).extracting(RecordedEvent::version)
                .containsExactlyElementsOf(IntStream.range(0, ROUNDS).mapToObj(Long::valueOf).toList());
    }

    @Test
    void concurrent_appends_to_different_streams_all_succeed() {
        EventStore<ID, E> store = createStore();
        List<ID> ids = IntStream.range(0, RACERS).mapToObj(i -> newAggregateId()).toList();
        List<List<E>> batches = ids.stream().map(i -> events(ROUNDS)).toList();

        var outcomes = Race.run(RACERS, i -> () -> {
            for (int n = 0; n < ROUNDS; n++) {
                store.appendEvents(ids.get(i), n - 1L, List.of(batches.get(i).get(n)));
            }
            return null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("thread %d", o.task()).isNull());
        for (int i = 0; i < RACERS; i++) {
            assertThat(store.loadEvents(ids.get(i))).containsExactlyElementsOf(batches.get(i));
        }
    }

    // ---- bad input ----

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

    // ---- property ----

    @Property(tries = 60)
    void random_appends_retries_and_loads_agree_with_a_model(@ForAll("eventSessions") @Size(min = 1, max = 25) List<EventStep> steps) {
        EventStore<ID, E> store = createStore();
        List<ID> ids = IntStream.range(0, EventStep.STREAMS).mapToObj(i -> newAggregateId()).toList();
        var model = new EventStoreModel<>(store, ids, seed -> newEvent(nextSeed()));
        steps.forEach(model::run);
        model.verifyAll();
    }

    @Provide
    Arbitrary<List<EventStep>> eventSessions() {
        return EventStep.any().list().ofMinSize(1).ofMaxSize(25);
    }

    // ---- helpers ----

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

    private List<EventData<E>> data(int count) {
        return events(count).stream().map(e -> new EventData<>(UUID.randomUUID(), e, Metadata.EMPTY)).collect(Collectors.toList());
    }

    private static <E> List<E> payloads(List<EventData<E>> data) {
        return data.stream().map(EventData::event).toList();
    }

    private static <T> List<T> concat(List<? extends T> first, List<? extends T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static <E> void mutate(List<E> list) {
        try {
            list.clear();
        } catch (UnsupportedOperationException immutable) {
            // an unmodifiable copy protects the store as well
        }
    }

    private static <ID, E> List<RecordedEvent<E>> envelopes(EventStore<ID, E> store, ID id, long fromVersion) {
        try (Stream<RecordedEvent<E>> stream = store.readStream(id, fromVersion)) {
            return stream.toList();
        }
    }

    private static void assertConflict(ThrowingCallable append, Object id, long expected, long actual) {
        assertThatThrownBy(append).isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
            assertThat(e.aggregateId()).as("aggregateId()").isEqualTo(id);
            assertThat(e.expectedVersion()).as("expectedVersion()").isEqualTo(expected);
            assertThat(e.actualVersion()).as("actualVersion()").isEqualTo(actual);
        });
    }

    /** The call fails with {@link InvalidArgumentException} whose message names the problem. */
    static void assertInvalid(ThrowingCallable call, String... words) {
        assertThatThrownBy(call).isInstanceOf(InvalidArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT)).contains(words));
    }
}
