package dev.annals.testkit.selftest;

import dev.annals.Snapshot;
import dev.annals.SnapshotStore;
import java.util.Optional;

/** A snapshot store that accepts everything and keeps nothing. */
final class NoOpSnapshotStore<ID, S> implements SnapshotStore<ID, S> {

    @Override
    public void saveSnapshot(Snapshot<ID, S> snapshot) {
    }

    @Override
    public Optional<Snapshot<ID, S>> getLatestSnapshot(ID aggregateId) {
        return Optional.empty();
    }

    @Override
    public Optional<Snapshot<ID, S>> getSnapshotAtOrBefore(ID aggregateId, long version) {
        return Optional.empty();
    }

    @Override
    public void clearSnapshots(ID aggregateId) {
    }
}
