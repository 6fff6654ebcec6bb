package dev.annals.internal;

import dev.annals.CopyReport;
import dev.annals.StreamState;
import dev.annals.spi.LogFilter;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Verifies a copy by reading both sides again: each log (the source's copied categories up to the
 * position copied, the target's whole log) into a {@link CopyDigest} and a count; each copied stream's
 * version and snapshot revisions, stream by stream, on both sides; the streams and snapshots the
 * target holds in all; and the marks of deleted and truncated streams ({@link StreamStateCopy}), the
 * source's as the copy carries them against the target's. Memory: one page of each log, one page of stream names, one stream's snapshots.
 * The source should not change meanwhile (a stream written since it was copied shows as differing).
 * Not thread-safe.
 */
final class CopyVerification {

    /** Streams named in a report; the count covers all. */
    private static final int NAMED_STREAMS = 10;

    private final StorageBackend source;
    private final StorageBackend target;
    private final LogFilter filter;
    private final int pageSize;
    private final long copiedTo;
    private final List<String> differing = new ArrayList<>();
    private long differingCount;

    CopyVerification(StorageBackend source, StorageBackend target, LogFilter filter, int pageSize, long copiedTo) {
        this.source = source;
        this.target = target;
        this.filter = filter;
        this.pageSize = pageSize;
        this.copiedTo = copiedTo;
    }

    CopyReport report(List<String> categories, long copied, long resumed, long snapshotsCopied, StreamStateCopy states,
            List<CopyReport.Checkpoint> checkpoints, double copySeconds, double seconds) {
        CopyDigest sourceEvents = digest(new LogCursor(source, filter, pageSize, copiedTo));
        CopyDigest targetEvents = digest(new LogCursor(target, LogFilter.ALL, pageSize, Long.MAX_VALUE));
        CopyDigest sourceSnapshots = new CopyDigest();
        CopyDigest targetSnapshots = new CopyDigest();
        long[] sourceStreams = {0};
        StoreCopy.forEachStream(source, filter, info -> {
            sourceStreams[0]++;
            OptionalLong held = target.currentVersion(info.stream());
            boolean same = held.isPresent() && held.getAsLong() == info.version();
            if (info.snapshots() > 0) {
                List<StoredSnapshot> theirs = source.snapshots(info.stream());
                List<StoredSnapshot> ours = target.snapshots(info.stream());
                theirs.forEach(sourceSnapshots::add);
                ours.forEach(targetSnapshots::add);
                same &= sameSnapshots(theirs, ours);
            }
            if (!same) {
                differ(info.stream());
            }
        });
        if (!states.withDeletes()) {
            // Left out, a soft delete leaves the stream present in the target, with its version.
            states.forEachState(source, entry -> {
                StreamState state = entry.state();
                if (!state.exists() && !state.hardDeleted() && state.lastVersion() >= state.truncatedBefore()) {
                    sourceStreams[0]++;
                    OptionalLong held = target.currentVersion(entry.stream());
                    if (held.isEmpty() || held.getAsLong() != state.lastVersion()) {
                        differ(entry.stream());
                    }
                }
            });
        }
        long[] targetStreams = {0, 0};
        StoreCopy.forEachStream(target, filter, info -> {
            targetStreams[0]++;
            targetStreams[1] += info.snapshots();
        });
        CopyDigest sourceStates = new CopyDigest();
        states.forEachState(source, entry -> {
            StreamState carried = states.carried(entry.state());
            if (carried.removed()) {
                sourceStates.add(entry.stream(), carried);
            }
        });
        CopyDigest targetStates = new CopyDigest();
        states.forEachState(target, entry -> targetStates.add(entry.stream(), entry.state()));
        return new CopyReport(
                new CopyReport.Side(source.describe(), sourceStreams[0], sourceEvents.count(), sourceSnapshots.count(),
                        sourceEvents.hex(), sourceSnapshots.hex(), sourceStates.count(), sourceStates.hex()),
                new CopyReport.Side(target.describe(), targetStreams[0], targetEvents.count(), targetStreams[1],
                        targetEvents.hex(), targetSnapshots.hex(), targetStates.count(), targetStates.hex()),
                categories, copied, resumed, snapshotsCopied, differing, differingCount, copySeconds, seconds,
                states.recorded(), !states.withDeletes(), checkpoints);
    }

    private void differ(String stream) {
        differingCount++;
        if (differing.size() < NAMED_STREAMS) {
            differing.add(stream);
        }
    }

    private static CopyDigest digest(LogCursor cursor) {
        CopyDigest digest = new CopyDigest();
        for (StoredEvent event = cursor.next(); event != null; event = cursor.next()) {
            digest.add(event);
        }
        return digest;
    }

    private static boolean sameSnapshots(List<StoredSnapshot> a, List<StoredSnapshot> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            StoredSnapshot x = a.get(i);
            StoredSnapshot y = b.get(i);
            if (!(x.stream().equals(y.stream()) && x.version() == y.version() && x.createdAt().equals(y.createdAt())
                    && x.fingerprint().equals(y.fingerprint()) && x.hash().equals(y.hash()) && Arrays.equals(x.state(), y.state()))) {
                return false;
            }
        }
        return true;
    }
}
