package dev.annals.internal;

import dev.annals.spi.LogFilter;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import java.util.List;

/**
 * Copies every retained snapshot revision of the copied streams, as stored (version, created-at,
 * fingerprint, hash and state), oldest first and keeping as many as the source keeps, so that the target
 * holds the same revisions. Saving a revision the target holds already overwrites it with the same
 * bytes, so a copy run again after an interruption repeats this safely. Not thread-safe.
 */
final class SnapshotCopy {

    private final StorageBackend source;
    private final StorageBackend target;
    private final LogFilter filter;
    private long copied;

    SnapshotCopy(StorageBackend source, StorageBackend target, LogFilter filter) {
        this.source = source;
        this.target = target;
        this.filter = filter;
    }

    /** Copies the snapshots of every copied stream that has some; returns the revisions written. */
    long copyAll() {
        StoreCopy.forEachStream(source, filter, info -> {
            if (info.snapshots() > 0) {
                copy(source.snapshots(info.stream()));
            }
        });
        return copied;
    }

    private void copy(List<StoredSnapshot> newestFirst) {
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            target.saveSnapshot(newestFirst.get(i), newestFirst.size());
            copied++;
        }
    }
}
