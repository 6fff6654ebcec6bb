package dev.annals.testkit;

import dev.annals.Annals;
import dev.annals.memory.MemoryBackend;

class MemorySubscriptionTest extends SubscriptionContract {

    private final Annals annals = new Annals(new MemoryBackend());

    @Override
    protected AnnalsFixture fixture() {
        return () -> annals;
    }
}
