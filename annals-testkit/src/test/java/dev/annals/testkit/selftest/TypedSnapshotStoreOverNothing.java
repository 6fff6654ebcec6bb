package dev.annals.testkit.selftest;

import dev.annals.SnapshotStore;
import dev.annals.testkit.SnapshotStoreContract;
import dev.annals.testkit.domain.TestState;

/** {@link SnapshotStoreContract} over a typed store that keeps nothing: every test must fail. */
public class TypedSnapshotStoreOverNothing extends SnapshotStoreContract<Long, TestState> {

    private long ids;

    @Override
    protected SnapshotStore<Long, TestState> createStore() {
        return new NoOpSnapshotStore<>();
    }

    @Override
    protected Long newAggregateId() {
        return ++ids;
    }

    @Override
    protected Class<TestState> stateType() {
        return TestState.class;
    }
}
