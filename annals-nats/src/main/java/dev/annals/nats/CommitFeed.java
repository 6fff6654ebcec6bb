package dev.annals.nats;

import org.jspecify.annotations.Nullable;

/**
 * The commits on a subject filter from a sequence on, in sequence order, read in one or several goes (one
 * per page) before it is closed: an ordered consumer ({@link ConsumerFeed}) or, where no consumer could be
 * placed on the stream's leader, one request per commit ({@link RequestFeed}). Made by {@link CommitScan}.
 * Not thread-safe: one reader at a time, which {@link ParkedReads} ensures for a feed kept between pages.
 */
interface CommitFeed extends AutoCloseable {

    /** Takes commits as they come; false stops the read. */
    @FunctionalInterface
    interface Sink {
        boolean accept(Commit commit);
    }

    /**
     * Hands {@code sink} the next commits until it says stop or the commit at {@code lastSeq} (or a later one)
     * was handed on. Returns the last commit handed on, or null when none was (the feed is already past
     * {@code lastSeq}). Every wait has the store's deadline; after a {@link dev.annals.StorageException} the
     * feed must be closed.
     */
    @Nullable Commit readUpTo(long lastSeq, Sink sink);

    /** Releases what the feed holds on the server; no exception. */
    @Override
    void close();
}
