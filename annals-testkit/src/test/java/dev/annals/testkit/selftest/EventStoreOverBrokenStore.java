package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendEventStoreContract;

/** {@link BackendEventStoreContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class EventStoreOverBrokenStore extends BackendEventStoreContract {

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
