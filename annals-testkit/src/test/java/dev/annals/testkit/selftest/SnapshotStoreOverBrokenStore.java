package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;

/** {@link BackendSnapshotStoreContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class SnapshotStoreOverBrokenStore extends BackendSnapshotStoreContract {

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
