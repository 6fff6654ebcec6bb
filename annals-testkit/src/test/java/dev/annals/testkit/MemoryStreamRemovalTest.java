package dev.annals.testkit;

/** {@link StreamRemovalContract} against the in-memory reference backend. */
class MemoryStreamRemovalTest extends StreamRemovalContract {

    @Override
    protected AnnalsFixture fixture() {
        return MemoryFixture.FIXTURE;
    }
}
