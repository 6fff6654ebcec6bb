package dev.annals.testkit;

/** {@link BackendEventStoreContract} against the in-memory reference backend. */
class MemoryEventStoreTest extends BackendEventStoreContract {

    @Override
    protected AnnalsFixture fixture() {
        return MemoryFixture.FIXTURE;
    }
}
