package dev.annals;

import java.util.Optional;

/**
 * Snapshots of one aggregate type. A newer version wins, an older one is ignored, an equal one
 * overwrites; the newest N per aggregate are kept. Reads verify integrity and throw
 * {@link SnapshotIntegrityException} rather than return altered state.
 *
 * <p>Implementations are thread-safe.
 */
public interface SnapshotStore<ID, S> {

    /** Stores {@code snapshot} unless a newer one is stored already. */
    void saveSnapshot(Snapshot<ID, S> snapshot);

    /** The newest snapshot of the aggregate, empty when there is none. */
    Optional<Snapshot<ID, S>> getLatestSnapshot(ID aggregateId);

    /** The newest kept snapshot whose version is at most {@code version}. */
    Optional<Snapshot<ID, S>> getSnapshotAtOrBefore(ID aggregateId, long version);

    /** Removes every snapshot of the aggregate. */
    void clearSnapshots(ID aggregateId);
}
