package dev.annals.testkit;

/** {@link EventLogContract} against the in-memory reference backend. */
class MemoryEventLogTest extends EventLogContract {

    @Override
    protected AnnalsFixture fixture() {
        return MemoryFixture.FIXTURE;
    }
}
