package dev.annals.testkit;

import dev.annals.IdCodec;
import dev.annals.SnapshotStore;
import dev.annals.testkit.domain.TestState;

/**
 * {@link SnapshotStoreContract} used the way a generated store's test uses it: Long ids, a store
 * made for snapshots only, keeping two snapshots, states from {@link Samples}.
 */
class MemoryTypedSnapshotStoreTest extends SnapshotStoreContract<Long, TestState> {

    private static long ids = System.nanoTime();

    @Override
    protected SnapshotStore<Long, TestState> createStore() {
        return MemoryFixture.MEMORY.snapshotStore("testkit_generated", IdCodec.longs(), TestState.class, 2);
    }

    @Override
    protected synchronized Long newAggregateId() {
        return ++ids;
    }

    @Override
    protected Class<TestState> stateType() {
        return TestState.class;
    }

    @Override
    protected int retainedSnapshots() {
        return 2;
    }
}
