package dev.annals.nats;

import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamPage;
import io.nats.client.api.MessageInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads commits from the events stream: one event stream by version, the global log by position.
 *
 * <p>Reading a stream after version V reads only the commits after V: it starts from the stream's last
 * commit and follows each commit's link to the one before ({@link Commit#previousSeq}) until it reaches
 * V, or continues where the previous page of the same stream ended (a small cache of where each stream's
 * last read stopped). Only a read far back in a long stream, with no cached place, reads forward from
 * the stream's first commit. Long reads use a consumer ({@link CommitScan}); a page that stops before the
 * end parks it ({@link ParkedReads}) and the next page continues it, so a load of a long stream or a
 * catch-up of the log makes one consumer, not one per page. Every page first asks the stream's leader for
 * the last commit and reads up to it, so it sees every append acknowledged before it began. Thread-safe.
 */
final class CommitReads implements AutoCloseable {

    /** Commits followed back from the last one before reading forward from the first instead. */
    private static final int MAX_STEPS_BACK = 64;
    /** Streams whose read position is remembered; the cache is emptied when it grows past this. */
    private static final int MAX_CURSORS = 10_000;

    private record Cursor(long seq, long firstVersion, long lastVersion) {
    }

    /** Below this many events a read of the log asks for commits one by one; from it on it makes a consumer ({@link CommitScan}). */
    private static final int SCAN_FROM_EVENTS = 64;
    /** Below this many commits (judged by the size of the one before) a read of a stream asks for them one by one. */
    private static final int SCAN_FROM_COMMITS = 3;

    private final JetStreamCalls calls;
    private final StoreLayout layout;
    private final CommitScan scan;
    private final ParkedReads parked = new ParkedReads();
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

    Optional<Commit> nextOnSubject(long seq, String subject) {
        return calls.next(layout.eventsStream(), seq, subject).map(this::decode);
    }

    Commit decode(MessageInfo message) {
        return CommitCodec.decode(message.getSeq(), message.getData() == null ? new byte[0] : message.getData());
    }

    /** Up to {@code limit} events of {@code stream} after {@code afterVersion}, in version order. */
    List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return readStreamPage(stream, afterVersion, limit).events();
    }

    /**
     * Up to {@code limit} events of {@code stream} after {@code afterVersion}, in version order, with the stream's
     * state as its last message gives it: the message the page is read up to, so the state is the page's own.
     */
    StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        long generation = parked.generation();
        Optional<Commit> found = lastCommit(stream);
        if (found.isEmpty() || found.get().lastVersion() <= afterVersion) {
            return StreamPage.EMPTY;
        }
        Commit last = found.get();
        return new StreamPage(readUpTo(stream, last, afterVersion, limit, generation), last.state());
    }

    /** The events of {@code stream} after {@code afterVersion} in the commits up to {@code last}, its last one. */
    private List<StoredEvent> readUpTo(String stream, Commit last, long afterVersion, int limit, long generation) {
        String subject = layout.streamSubjects(stream);
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        CommitFeed.Sink page = commit -> {
            commit.addAfter(afterVersion, limit, events);
            return events.size() < limit;
        };
        ParkedReads.Parked continued = takeParked(subject, afterVersion, last.seq());
        if (continued != null) {
            Commit current = continueParked(continued, last.seq(), page);
            endPage(subject, false, continued.feed(), current, last.seq(), events, generation);
            remember(stream, current);
            return events;
        }
        Start start = startOf(stream, last, afterVersion + 1);
        Commit current = null;
        for (Commit commit : start.commits()) {
            current = commit;
            if (!page.accept(commit)) {
                break;
            }
        }
        long readFrom = current == null ? start.scanFrom() : current.seq() + 1;
        if (events.size() < limit && readFrom <= last.seq()) {
            long eventsLeft = Math.min(limit - events.size(), last.lastVersion() - Math.max(afterVersion, current == null ? -1 : current.lastVersion()));
            if (current == null || eventsLeft / Math.max(1, current.events().size()) >= SCAN_FROM_COMMITS) {
                CommitFeed feed = scan.open(subject, readFrom);
                Commit reached = readOrClose(feed, last.seq(), page);
                current = reached != null ? reached : current;
                endPage(subject, false, feed, current, last.seq(), events, generation);
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
     * The feed parked where the page of {@code filter} after {@code after} starts, or null. A feed whose commit
     * lies beyond {@code lastSeq}, the last one now, read commits removed since (by a delete of another process,
     * or an operator's purge): it is closed.
     */
    private ParkedReads.@Nullable Parked takeParked(String filter, long after, long lastSeq) {
        ParkedReads.Parked continued = parked.take(filter, after);
        if (continued != null && continued.stoppedIn().seq() > lastSeq) {
            continued.feed().close();
            return null;
        }
        return continued;
    }

    /** Continues a parked feed: the rest of the commit its last page stopped in, then on up to {@code lastSeq}. */
    private Commit continueParked(ParkedReads.Parked continued, long lastSeq, CommitFeed.Sink page) {
        Commit current = continued.stoppedIn();
        if (page.accept(current) && current.seq() < lastSeq) {
            Commit reached = readOrClose(continued.feed(), lastSeq, page);
            if (reached != null) {
                current = reached;
            }
        }
        return current;
    }

    private static @Nullable Commit readOrClose(CommitFeed feed, long lastSeq, CommitFeed.Sink page) {
        try {
            return feed.readUpTo(lastSeq, page);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /**
     * Parks {@code feed} for the next page when this one stopped before the last event of the commit at
     * {@code lastSeq}, the last one when the page began: under the position ({@code byPosition}, a read of the
     * log) or the version of the page's last event, with {@code current}, the commit that event is in. Closes
     * the feed otherwise.
     */
    private void endPage(String filter, boolean byPosition, CommitFeed feed, @Nullable Commit current, long lastSeq,
            List<StoredEvent> events, long generation) {
        if (current == null || events.isEmpty()) {
            feed.close();
            return;
        }
        StoredEvent lastRead = events.get(events.size() - 1);
        boolean more = current.seq() < lastSeq || lastRead.position() < Positions.of(current.seq(), current.events().size() - 1);
        if (!more) {
            feed.close();
            return;
        }
        parked.park(filter, byPosition ? lastRead.position() : lastRead.version(), feed, current, generation);
    }

    /**
     * Where a read of {@code stream} from {@code version} begins: the commits from the one holding it on,
     * as far as they were read to find it (the caller reads on forward after the last one), or, when none
     * was read, the sequence to scan forward from.
     */
    private record Start(List<Commit> commits, long scanFrom) {
    }

    /**
     * Where a read from {@code version} begins: the last commit when it holds the version; right after the
     * place where the previous read of the stream stopped when it continues there; the commits found by
     * following the links back from the last one; or, when that would take more than {@value
     * #MAX_STEPS_BACK} requests (judged by the size of the last commit), a scan from the stream's start.
     */
    private Start startOf(String stream, Commit last, long version) {
        if (last.firstVersion() <= version) {
            return new Start(List.of(last), 0);
        }
        Cursor cursor = cursors.get(stream);
        if (cursor != null && cursor.seq() < last.seq()) {
            if (version == cursor.lastVersion() + 1) {
                return new Start(List.of(), cursor.seq() + 1);
            }
            if (cursor.firstVersion() <= version && version <= cursor.lastVersion()) {
                Optional<Commit> start = commitAt(cursor.seq());
                if (start.isPresent() && start.get().stream().equals(stream)) {
                    return new Start(List.of(start.get()), 0);
                }
            }
        }
        long stepsBack = (last.firstVersion() - version + last.events().size() - 1) / Math.max(1, last.events().size());
        if (stepsBack <= MAX_STEPS_BACK) {
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
                return new Start(back, 0);
            }
        }
        return new Start(List.of(), 1);
    }

    private void remember(String stream, Commit commit) {
        if (cursors.size() >= MAX_CURSORS) {
            cursors.clear();
        }
        cursors.put(stream, new Cursor(commit.seq(), commit.firstVersion(), commit.lastVersion()));
    }

    /** Up to {@code limit} events of any stream with a position after {@code afterPosition}, in position order. */
    List<StoredEvent> readAll(long afterPosition, int limit) {
        long generation = parked.generation();
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        long seq = Positions.seqOf(afterPosition);
        String all = layout.allEventSubjects();
        if (limit >= SCAN_FROM_EVENTS) {
            Optional<MessageInfo> last = calls.last(layout.eventsStream(), all);
            if (last.isEmpty() || last.get().getSeq() < seq) {
                return events;
            }
            long lastSeq = last.get().getSeq();
            CommitFeed.Sink page = commit -> {
                commit.addAfterPosition(afterPosition, limit, events);
                return events.size() < limit;
            };
            ParkedReads.Parked continued = takeParked(all, afterPosition, lastSeq);
            if (continued != null) {
                endPage(all, true, continued.feed(), continueParked(continued, lastSeq, page), lastSeq, events, generation);
                return events;
            }
            CommitFeed feed = scan.open(all, Math.max(seq, 1));
            endPage(all, true, feed, readOrClose(feed, lastSeq, page), lastSeq, events, generation);
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

    /**
     * The position of the last event stored, 0 when there is none. When the newest message is a delete's mark,
     * the position just below the mark's first: no event has it, every event stored before the mark has a lower
     * one and every later event a higher one (the events before the mark may have been removed with it).
     */
    long headPosition() {
        Optional<MessageInfo> last = calls.last(layout.eventsStream(), layout.allEventSubjects());
        if (last.isEmpty()) {
            return 0;
        }
        Commit commit = decode(last.get());
        return commit.isMark() ? Positions.of(commit.seq(), 0) - 1 : Positions.of(commit.seq(), commit.events().size() - 1);
    }

    /** The version of the first event stored of {@code stream} (a deleted one's included), empty when none is. */
    java.util.OptionalLong firstStoredVersion(String stream) {
        String subject = layout.streamSubjects(stream);
        long seq = 1;
        while (true) {
            Optional<Commit> next = nextOnSubject(seq, subject);
            if (next.isEmpty()) {
                return java.util.OptionalLong.empty();
            }
            if (!next.get().isMark()) {
                return java.util.OptionalLong.of(next.get().firstVersion());
            }
            seq = next.get().seq() + 1;
        }
    }

    /** Closes the feeds parked between pages: commits were removed, which a continued page must not read. */
    void dropParked() {
        parked.drop();
    }

    /** How many feeds are parked between pages now. */
    int parkedReads() {
        return parked.size();
    }

    /** Closes the consumers parked between pages. */
    @Override
    public void close() {
        parked.close();
    }
}
