package dev.annals.testkit;

/** {@link RepositoryContract} against the in-memory reference backend. */
class MemoryRepositoryTest extends RepositoryContract {

    @Override
    protected AnnalsFixture fixture() {
        return MemoryFixture.FIXTURE;
    }
}
