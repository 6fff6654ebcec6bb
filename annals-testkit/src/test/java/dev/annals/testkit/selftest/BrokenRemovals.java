package dev.annals.testkit.selftest;

import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Backends that each break one rule of deleting and truncating streams, over a correct one. */
final class BrokenRemovals {

    private BrokenRemovals() {
    }

    /** Removes a hard-deleted stream's events, but its log still returns them: it forgets to skip the hole. */
    static final class KeepsHardDeletedEventsInTheLog extends ForwardingBackend {

        private final List<StoredEvent> forgotten = new CopyOnWriteArrayList<>();

        KeepsHardDeletedEventsInTheLog(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
            List<StoredEvent> events = mode == DeleteMode.HARD ? delegate.readStream(stream, -1, Integer.MAX_VALUE) : List.of();
            delegate.deleteStream(stream, expectedVersion, mode);
            forgotten.addAll(events);
        }

        @Override
        public List<StoredEvent> readAll(long afterPosition, int limit) {
            List<StoredEvent> merged = new ArrayList<>(delegate.readAll(afterPosition, limit));
            forgotten.stream().filter(e -> e.position() > afterPosition).forEach(merged::add);
            merged.sort(Comparator.comparingLong(StoredEvent::position));
            return List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
        }
    }

    /** Records the deletes a copy found, but not its truncations. */
    static final class DropsRecordedTruncations extends ForwardingBackend {

        DropsRecordedTruncations(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public void restoreStreamState(String stream, StreamState state) {
            delegate.restoreStreamState(stream, new StreamState(state.lastVersion(), state.deletedBefore(), 0, state.hardDeleted()));
        }
    }

    /** Truncates although no snapshot at or after the version is stored. */
    static final class TruncatesWithoutSnapshot extends ForwardingBackend {

        TruncatesWithoutSnapshot(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public void truncateBefore(String stream, long beforeVersion) {
            List<StoredSnapshot> kept = delegate.snapshots(stream);
            delegate.saveSnapshot(new StoredSnapshot(stream, Math.max(beforeVersion, 0), Instant.now(), "-", "-", new byte[0]), 10);
            try {
                delegate.truncateBefore(stream, beforeVersion);
            } finally {
                delegate.clearSnapshots(stream);
                for (int i = kept.size() - 1; i >= 0; i--) {
                    delegate.saveSnapshot(kept.get(i), 10);
                }
            }
        }
    }
}
