package dev.annals.nats;

import dev.annals.spi.StoredEvent;
import io.nats.client.api.MessageInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads commits from the events stream: one event stream by version, the global log by position.
 *
 * <p>Reading a stream after version V reads only the commits after V: it starts from the stream's last
 * commit and follows each commit's link to the one before ({@link Commit#previousSeq}) until it reaches
 * V, or continues where the previous page of the same stream ended (a small cache of where each stream's
 * last read stopped). Only a read far back in a long stream, with no cached place, reads forward from
 * the stream's first commit. Every read asks the stream's leader. Thread-safe.
 */
final class CommitReads {

    /** Commits followed back from the last one before reading forward from the first instead. */
    private static final int MAX_STEPS_BACK = 64;
    /** Streams whose read position is remembered; the cache is emptied when it grows past this. */
    private static final int MAX_CURSORS = 10_000;

    private record Cursor(long seq, long firstVersion, long lastVersion) {
    }

    /** Below this many events a read asks for commits one by one; from it on it makes a consumer ({@link CommitScan}). */
    private static final int SCAN_FROM_EVENTS = 64;

    private final JetStreamCalls calls;
    private final StoreLayout layout;
    private final CommitScan scan;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    CommitReads(JetStreamCalls calls, StoreLayout layout, CommitScan scan) {
        this.calls = calls;
        this.layout = layout;
        this.scan = scan;
    }

    Optional<Commit> lastCommit(String stream) {
        return calls.last(layout.eventsStream(), layout.streamSubjects(stream)).map(this::decode);
    }

    Optional<Commit> commitAt(long seq) {
        return calls.at(layout.eventsStream(), seq).map(this::decode);
    }

    private Optional<Commit> nextOnSubject(long seq, String subject) {
        return calls.next(layout.eventsStream(), seq, subject).map(this::decode);
    }

    Commit decode(MessageInfo message) {
        return CommitCodec.decode(message.getSeq(), message.getData() == null ? new byte[0] : message.getData());
    }

    /** Up to {@code limit} events of {@code stream} after {@code afterVersion}, in version order. */
    List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        String subject = layout.streamSubjects(stream);
        Optional<Commit> found = lastCommit(stream);
        if (found.isEmpty() || found.get().lastVersion() <= afterVersion) {
            return List.of();
        }
        Commit last = found.get();
        List<Commit> commits = commitsFrom(stream, subject, last, afterVersion + 1);
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        Commit current = null;
        for (Commit commit : commits) {
            if (events.size() >= limit) {
                break;
            }
            commit.addAfter(afterVersion, limit, events);
            current = commit;
        }
        if (events.size() < limit && current != null && current.seq() < last.seq()) {
            if (limit - events.size() >= SCAN_FROM_EVENTS) {
                Commit[] reached = {current};
                scan.scan(subject, current.seq() + 1, last.seq(), commit -> {
                    commit.addAfter(afterVersion, limit, events);
                    reached[0] = commit;
                    return events.size() < limit;
                });
                current = reached[0];
            } else {
                while (events.size() < limit && current.seq() < last.seq()) {
                    Optional<Commit> next = nextOnSubject(current.seq() + 1, subject);
                    if (next.isEmpty()) {
                        break;
                    }
                    current = next.get();
                    current.addAfter(afterVersion, limit, events);
                }
            }
        }
        if (current != null) {
            remember(stream, current);
        }
        return events;
    }

    /**
     * The commits from the one holding {@code version} on, as far as they were read to find it: at
     * least that commit; the caller reads on forward from the last one returned.
     */
    private List<Commit> commitsFrom(String stream, String subject, Commit last, long version) {
        if (last.firstVersion() <= version) {
            return List.of(last);
        }
        Cursor cursor = cursors.get(stream);
        if (cursor != null && cursor.seq() < last.seq() && cursor.firstVersion() <= version && version <= cursor.lastVersion() + 1) {
            Optional<Commit> start = version <= cursor.lastVersion() ? commitAt(cursor.seq()) : nextOnSubject(cursor.seq() + 1, subject);
            if (start.isPresent() && start.get().stream().equals(stream) && start.get().firstVersion() <= version
                    && version <= start.get().lastVersion()) {
                return List.of(start.get());
            }
        }
        List<Commit> back = new ArrayList<>();
        back.add(last);
        Commit commit = last;
        for (int step = 0; step < MAX_STEPS_BACK && commit.firstVersion() > version && commit.previousSeq() > 0; step++) {
            Optional<Commit> previous = commitAt(commit.previousSeq());
            if (previous.isEmpty() || !previous.get().stream().equals(stream)) {
                break;
            }
            commit = previous.get();
            back.add(commit);
        }
        if (commit.firstVersion() <= version) {
            Collections.reverse(back);
            return back;
        }
        List<Commit> found = new ArrayList<>(1);
        scan.scan(subject, 1, last.seq(), scanned -> {
            if (scanned.lastVersion() >= version) {
                found.add(scanned);
                return false;
            }
            return true;
        });
        return found;
    }

    private void remember(String stream, Commit commit) {
        if (cursors.size() >= MAX_CURSORS) {
            cursors.clear();
        }
        cursors.put(stream, new Cursor(commit.seq(), commit.firstVersion(), commit.lastVersion()));
    }

    /** Up to {@code limit} events of any stream with a position after {@code afterPosition}, in position order. */
    List<StoredEvent> readAll(long afterPosition, int limit) {
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        long seq = Positions.seqOf(afterPosition);
        String all = layout.allEventSubjects();
        if (limit >= SCAN_FROM_EVENTS) {
            Optional<MessageInfo> last = calls.last(layout.eventsStream(), all);
            if (last.isEmpty() || last.get().getSeq() < seq) {
                return events;
            }
            scan.scan(all, Math.max(seq, 1), last.get().getSeq(), commit -> {
                commit.addAfterPosition(afterPosition, limit, events);
                return events.size() < limit;
            });
            return events;
        }
        while (events.size() < limit) {
            Optional<Commit> next = nextOnSubject(seq, all);
            if (next.isEmpty()) {
                break;
            }
            next.get().addAfterPosition(afterPosition, limit, events);
            seq = next.get().seq() + 1;
        }
        return events;
    }

    /** Up to {@code limit} events with a position below {@code beforePosition}, newest first. */
    List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        List<StoredEvent> events = new ArrayList<>();
        long first = calls.info(layout.eventsStream()).getStreamState().getFirstSequence();
        for (long seq = Positions.seqOf(beforePosition - 1); seq >= Math.max(first, 1) && events.size() < limit; seq--) {
            Optional<Commit> commit = commitAt(seq);
            if (commit.isEmpty()) {
                continue;
            }
            List<StoredEvent> all = commit.get().all();
            for (int i = all.size() - 1; i >= 0 && events.size() < limit; i--) {
                if (all.get(i).position() < beforePosition) {
                    events.add(all.get(i));
                }
            }
        }
        return events;
    }

    /** The position of the last event stored, 0 when there is none. */
    long headPosition() {
        Optional<MessageInfo> last = calls.last(layout.eventsStream(), layout.allEventSubjects());
        if (last.isEmpty()) {
            return 0;
        }
        Commit commit = decode(last.get());
        return commit.events().isEmpty() ? 0 : Positions.of(commit.seq(), commit.events().size() - 1);
    }
}
