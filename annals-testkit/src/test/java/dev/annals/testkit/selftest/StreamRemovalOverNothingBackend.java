package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;

/** {@link StreamRemovalContract} over a backend that keeps nothing: every test must fail. Not run by the build on its own. */
public class StreamRemovalOverNothingBackend extends StreamRemovalContract {

    @Override
    protected AnnalsFixture fixture() {
        return NothingFixture.FIXTURE;
    }
}
