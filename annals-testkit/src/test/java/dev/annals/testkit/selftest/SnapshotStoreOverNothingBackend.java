package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;

/** {@link BackendSnapshotStoreContract} over a backend that keeps nothing: every test must fail. Not run by the build on its own. */
public class SnapshotStoreOverNothingBackend extends BackendSnapshotStoreContract {

    @Override
    protected AnnalsFixture fixture() {
        return NothingFixture.FIXTURE;
    }
}
