package dev.annals.testkit;

import dev.annals.EventStore;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The contract of {@link EventStore}, for any implementation: a backend's typed store or a user's
 * own. Extend it, say how to make a store, a fresh id and an event, and every test of every role
 * runs: {@link AppendContract appends and versions}, {@link RetryContract idempotent retries},
 * {@link ReadContract reads and envelopes}, {@link ConcurrencyContract races},
 * {@link BadInputContract bad input}, and here a property test of random sessions against a model.
 *
 * <p>Every test first proves that the store stores something, so a store that does nothing fails
 * every test.
 *
 * @param <ID> the aggregate id type
 * @param <E> the event type
 */
public abstract class EventStoreContract<ID, E> extends BadInputContract<ID, E> {

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
}

