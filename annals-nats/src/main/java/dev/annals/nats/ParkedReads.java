package dev.annals.nats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Feeds kept between the pages of one read, so that a load of a long stream (pages of 1,000 events, the
 * core's paging) or a catch-up of the log makes one consumer, not one per page. A page that stops before
 * the end parks its feed under where the next page will start (the subject filter and the version or
 * position the page ended at), with the commit it stopped in; the next page takes it and continues. A feed
 * is taken by one page at a time, parked for at most {@link #IDLE} (then closed: an abandoned read holds
 * nothing for long), at most {@value #MAX_PARKED} at once (a page that finds that many parked closes its
 * feed), and all are closed with the store. A parked consumer holds what the server sent ahead of the
 * reader, bounded by the consumer's flow control (nats-server 2.9 stops sending past about 2 MiB unanswered:
 * {@code JsFlowControlMaxPending} / 16), so the feeds parked hold at most about {@value #MAX_PARKED} × 2 MiB.
 *
 * <p>A page continued from a parked feed reads the commits as the consumer delivered them, up to
 * {@link #IDLE} earlier; a stored commit never changes, so that is what a new consumer would read, unless it
 * was removed since. A hard delete of this process therefore drops every parked feed ({@link #drop}), and a
 * page that began before the drop does not park its feed after it ({@link #generation}). A delete by another
 * process (or an operator's purge) is not seen by a page continued within {@link #IDLE}, as it would not be by a
 * page read just before it. The page still asks the leader for the stream's last commit first, so it sees
 * every append acknowledged before it began. Thread-safe.
 */
final class ParkedReads implements AutoCloseable {

    /** How long a parked feed waits for the next page before it is closed. */
    static final Duration IDLE = Duration.ofSeconds(2);
    /** Feeds parked at once. */
    static final int MAX_PARKED = 32;

    /** Where the next page starts: after {@code after} (a version, or a position for the log) on {@code filter}. */
    private record Key(String filter, long after) {
    }

    /** A parked feed and the commit its last page stopped in (the next page starts inside or right after it). */
    record Parked(CommitFeed feed, Commit stoppedIn) {
    }

    private final Map<Key, Parked> parked = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong drops = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /** Changes with every {@link #drop}: a page takes it when it begins and parks its feed only under the same. */
    long generation() {
        return drops.get();
    }

    /** The feed parked where a page of {@code filter} after {@code after} starts, now owned by the caller; null when none. */
    @Nullable Parked take(String filter, long after) {
        return parked.remove(new Key(filter, after));
    }

    /**
     * Parks {@code feed} for the page of {@code filter} after {@code after}; closes it instead when the store
     * is closed, {@value #MAX_PARKED} feeds are parked, or feeds were dropped since the page began (its
     * {@code generation}). A feed already parked there is closed.
     */
    void park(String filter, long after, CommitFeed feed, Commit stoppedIn, long generation) {
        if (closed || parked.size() >= MAX_PARKED || generation != drops.get()) {
            feed.close();
            return;
        }
        Key key = new Key(filter, after);
        Parked entry = new Parked(feed, stoppedIn);
        Parked replaced = parked.put(key, entry);
        if (replaced != null) {
            replaced.feed().close();
        }
        CompletableFuture.delayedExecutor(IDLE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (parked.remove(key, entry)) {
                entry.feed().close();
            }
        });
        if ((closed || generation != drops.get()) && parked.remove(key, entry)) {
            entry.feed().close(); // closed or dropped meanwhile
        }
    }

    /** Closes every parked feed (commits were removed: a continued page must not read them). */
    void drop() {
        drops.incrementAndGet();
        for (Key key : List.copyOf(parked.keySet())) {
            Parked entry = parked.remove(key);
            if (entry != null) {
                entry.feed().close();
            }
        }
    }

    /** How many feeds are parked now. */
    int size() {
        return parked.size();
    }

    /** Closes every parked feed; feeds parked later are closed at once. */
    @Override
    public void close() {
        closed = true;
        drop();
    }
}
