package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;

/** {@link StreamRemovalContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class StreamRemovalOverBrokenStore extends StreamRemovalContract {

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
