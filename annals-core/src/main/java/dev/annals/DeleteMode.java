package dev.annals;

/**
 * How {@link EventStore#deleteStream(Object, long, DeleteMode)} deletes a stream; see
 * {@code docs/adr/0009-deleting-and-truncating-streams.md}.
 */
public enum DeleteMode {

    /**
     * The stream reads as absent (no events, no version) and its snapshots are removed, but its
     * events stay in the global log for the projections that read it. An append with
     * {@code NO_STREAM} or {@code ANY} starts the stream again, at the version after its deleted
     * last one.
     */
    SOFT,

    /**
     * The stream's events and snapshots are removed from the store and the global log (which keeps
     * the hole: positions are never given again), and the stream can never be written again.
     */
    HARD
}
