package dev.annals.testkit.selftest;

import dev.annals.EventStore;
import dev.annals.testkit.EventStoreContract;
import java.util.UUID;

/** {@link EventStoreContract} over a typed store that keeps nothing: every test must fail. */
public class TypedEventStoreOverNothing extends EventStoreContract<UUID, String> {

    @Override
    protected EventStore<UUID, String> createStore() {
        return new NoOpEventStore<>();
    }

    @Override
    protected UUID newAggregateId() {
        return UUID.randomUUID();
    }

    @Override
    protected String newEvent(int seed) {
        return "event-" + seed;
    }
}
