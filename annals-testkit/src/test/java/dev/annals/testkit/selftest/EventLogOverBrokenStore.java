package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.EventLogContract;

/** {@link EventLogContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class EventLogOverBrokenStore extends EventLogContract {

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
