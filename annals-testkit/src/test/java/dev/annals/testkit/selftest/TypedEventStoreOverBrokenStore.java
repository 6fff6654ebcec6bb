package dev.annals.testkit.selftest;

import dev.annals.EventStore;
import dev.annals.testkit.EventStoreContract;
import dev.annals.testkit.domain.TestEvent;
import java.util.UUID;

/** {@link EventStoreContract} over the typed store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class TypedEventStoreOverBrokenStore extends EventStoreContract<UUID, TestEvent> {

    @Override
    protected EventStore<UUID, TestEvent> createStore() {
        return BrokenFixture.current().typedStore();
    }

    @Override
    protected UUID newAggregateId() {
        return UUID.randomUUID();
    }

    @Override
    protected TestEvent newEvent(int seed) {
        return TestEvent.of(seed);
    }
}
