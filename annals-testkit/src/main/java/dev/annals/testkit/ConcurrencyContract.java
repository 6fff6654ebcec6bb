package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The races role of {@link EventStoreContract}: appends racing on one stream with the same
 * expected version have exactly one winner per round, and appends to different streams never
 * interfere. Several threads, several rounds, each thread reporting its own outcome.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class ConcurrencyContract<ID, E> extends ReadContract<ID, E> {

    private static final int RACERS = 4;
    private static final int ROUNDS = 8;

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
            assertThat(won.get(0).value().version()).isEqualTo(round);
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
}
