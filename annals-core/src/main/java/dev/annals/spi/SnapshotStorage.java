package dev.annals.spi;

import java.util.List;
import java.util.Optional;

/**
 * The role of a backend that keeps snapshots. Hashes and fingerprints are computed and verified
 * above the SPI; a backend stores and returns them as they are.
 *
 * <p>Arguments arrive checked (see {@link StorageBackend}); implementations are thread-safe.
 */
public interface SnapshotStorage {

    /**
     * Stores a snapshot: one with a lower version than the newest stored one is ignored, an equal
     * version overwrites, a higher one is added; then only the newest {@code retain} are kept.
     *
     * @return true if the snapshot was stored, false if it was ignored as older
     */
    boolean saveSnapshot(StoredSnapshot snapshot, int retain);

    /** The stored snapshots of {@code stream}, newest first. */
    List<StoredSnapshot> snapshots(String stream);

    /** The newest snapshot of {@code stream} whose version is at most {@code version}. */
    Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version);

    /** Removes every snapshot of {@code stream}. */
    void clearSnapshots(String stream);
}
