package dev.annals.testkit;

/** {@link BackendSnapshotStoreContract} against the in-memory reference backend. */
class MemorySnapshotStoreTest extends BackendSnapshotStoreContract {

    @Override
    protected AnnalsFixture fixture() {
        return MemoryFixture.FIXTURE;
    }
}
