package dev.annals.internal;

import dev.annals.AnnalsException;
import dev.annals.CopyOptions;
import dev.annals.CopyProgress;
import dev.annals.CopyReport;
import dev.annals.CopyTargetNotEmptyException;
import dev.annals.Limits;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One run of a copy from a source store to a target (see {@code Annals.copy}): finds where an earlier run
 * stopped, copies the data keys of crypto-shredding ({@link KeyCopy}), the marks of truncated streams, the
 * source's log from there in pages ({@link CopyWriter}), the other marks of deleted streams
 * ({@link StreamStateCopy}), then the snapshots of the copied streams ({@link SnapshotCopy}) and the
 * checkpoints of subscriptions ({@link CheckpointCopy}), then verifies both sides ({@link CopyVerification}).
 *
 * <p><b>Resuming.</b> The target must hold a prefix of this copy: its log, event by event, equal to the
 * first events of the source's (filtered) log. That is checked by reading both logs in step; where the
 * target's log ends, the copy goes on after the matching source event. Anything else in the target
 * (another store's events, other categories, snapshots without events) is a
 * {@link CopyTargetNotEmptyException}, before anything is written.
 *
 * <p><b>Memory.</b> One page of the source (at most {@link CopyOptions#pageSize()} events) and, while the
 * prefix is checked and the copy verified, one page of the target; whatever the stores' size.
 *
 * <p>Not thread-safe; one run per instance.
 */
public final class StoreCopy {

    /** Streams listed per page while snapshots are copied and streams compared. */
    private static final int STREAM_PAGE = 500;

    private final StorageBackend source;
    private final StorageBackend target;
    private final CopyOptions options;
    private final LogFilter filter;

    public StoreCopy(StorageBackend source, StorageBackend target, CopyOptions options) {
        this.source = source;
        this.target = target;
        this.options = options;
        this.filter = new LogFilter(options.categories().stream().map(name -> name + "-").toList(), Set.of());
    }

    public CopyReport run() {
        long started = System.nanoTime();
        long headAtStart = source.headPosition();
        KeyCopy keys = new KeyCopy(source, target);
        keys.requireRoom();
        StreamStateCopy states = new StreamStateCopy(source, target, filter, options.streamStates());
        states.requireRoom();
        states.requirePrefix();
        CheckpointCopy checkpoints = new CheckpointCopy(source, target, filter, options.pageSize());
        checkpoints.requireRoom();
        Prefix prefix = prefixInTarget();
        keys.copyAll();
        states.recordTruncations();
        long position = prefix.sourcePosition();
        long copied = 0;
        CopyWriter writer = new CopyWriter(target);
        while (true) {
            LogPage page = source.readAll(position, options.pageSize(), filter);
            if (page.scannedTo() <= position) {
                break;
            }
            writer.write(page.events());
            copied += page.events().size();
            position = page.scannedTo();
            options.listener().progress(new CopyProgress(copied, prefix.events(), position, prefix.sourcePosition(), headAtStart,
                    Duration.ofNanos(System.nanoTime() - started)));
            if (Thread.currentThread().isInterrupted()) {
                throw new AnnalsException("The copy to " + target.describe() + " was interrupted after " + copied
                        + " events; what was written stays, and copying again resumes after it");
            }
        }
        states.recordAll();
        double copySeconds = (System.nanoTime() - started) / 1e9;
        long snapshots = new SnapshotCopy(source, target, filter).copyAll();
        List<CopyReport.Checkpoint> mapped = checkpoints.copyAll();
        CopyVerification verification = new CopyVerification(source, target, filter, options.pageSize(), position);
        return verification.report(options.categories(), copied, prefix.events(), snapshots, states, mapped, copySeconds,
                (System.nanoTime() - started) / 1e9);
    }

    /** What the target holds of this copy already: a number of events, ending at a source position. */
    private record Prefix(long events, long sourcePosition) {
    }

    private Prefix prefixInTarget() {
        LogCursor inTarget = new LogCursor(target, LogFilter.ALL, options.pageSize(), Long.MAX_VALUE);
        StoredEvent held = inTarget.next();
        if (held == null) {
            long snapshots = target.stats().snapshots();
            if (snapshots > 0) {
                throw new CopyTargetNotEmptyException(target.describe(), "it holds " + snapshots + " snapshots and no events");
            }
            return new Prefix(0, 0);
        }
        LogCursor inSource = new LogCursor(source, filter, options.pageSize(), Long.MAX_VALUE);
        long events = 0;
        long sourcePosition = 0;
        for (; held != null; held = inTarget.next()) {
            StoredEvent expected = inSource.next();
            if (expected == null) {
                throw new CopyTargetNotEmptyException(target.describe(), "it holds more events than the source copies (event "
                        + held.eventId() + " of stream " + Limits.shown(held.stream()) + " is the first beyond them)");
            }
            if (!sameEvent(held, expected)) {
                throw new CopyTargetNotEmptyException(target.describe(), "its event " + held.eventId() + " of stream "
                        + Limits.shown(held.stream()) + " at version " + held.version() + " (position " + held.position()
                        + ") is not the source's event at that place of the copy, " + expected.eventId() + " of stream "
                        + Limits.shown(expected.stream()) + " at version " + expected.version());
            }
            events++;
            sourcePosition = expected.position();
        }
        return new Prefix(events, sourcePosition);
    }

    /** Whether two events are one, as a copy keeps it: all but the position. */
    static boolean sameEvent(StoredEvent a, StoredEvent b) {
        return a.eventId().equals(b.eventId()) && a.stream().equals(b.stream()) && a.version() == b.version()
                && a.type().equals(b.type()) && a.schemaVersion() == b.schemaVersion() && a.recordedAt().equals(b.recordedAt())
                && Arrays.equals(a.metadata(), b.metadata()) && Arrays.equals(a.payload(), b.payload());
    }

    /** The streams of the copied categories in {@code backend}, read a page at a time. */
    static void forEachStream(StorageBackend backend, LogFilter filter, Consumer<StreamInfo> action) {
        @Nullable String after = null;
        while (true) {
            List<StreamInfo> page = backend.listStreams(after, STREAM_PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (StreamInfo info : page) {
                if (inCopy(filter, info.stream())) {
                    action.accept(info);
                }
            }
            after = page.get(page.size() - 1).stream();
        }
    }

    static boolean inCopy(LogFilter filter, String stream) {
        if (filter.streamPrefixes().isEmpty()) {
            return true;
        }
        for (String prefix : filter.streamPrefixes()) {
            if (stream.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
