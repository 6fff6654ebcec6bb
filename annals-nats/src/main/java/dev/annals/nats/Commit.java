package dev.annals.nats;

import dev.annals.StreamState;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One JetStream message of a stream's chain: the events of one append to one stream, stored at stream
 * sequence {@code seq}, or none for a <em>mark</em> (a delete, or marks a copy recorded). Its events hold
 * versions {@code firstVersion ...} and global positions {@link Positions#of}{@code (seq, 0 ...)}, and
 * {@code recordedAt} unless an event carries its own (a copied one). Every message carries the stream's
 * marks as they stand after it, so the stream's last message alone gives its {@link #state()}.
 *
 * @param previousSeq the stream sequence of the stream's message before this one (the one it was decided on),
 *     0 for the first: a link back along the stream, so a reader finds the commits after a version without
 *     reading the stream from its start
 * @param firstVersion the version of the first event; for a mark, the version the next event gets
 * @param marks the stream's delete marks after this message, and its place among the messages at one version
 */
record Commit(String stream, long seq, long firstVersion, long previousSeq, Instant recordedAt, List<NewEvent> events, Marks marks) {

    /**
     * The marks of a stream's life that a message carries: the versions below {@code deletedBefore} were
     * soft-deleted (0: never), the stream was deleted for good ({@code hardDeleted}); and {@code index}, the
     * place of a mark among the messages decided at one next version (0 for a commit after events; a mark takes
     * no version, so the marks and the commit that follow each other at one version are told apart by it).
     */
    record Marks(long deletedBefore, boolean hardDeleted, int index) {
        static final Marks NONE = new Marks(0, false, 0);

        boolean any() {
            return deletedBefore > 0 || hardDeleted || index > 0;
        }
    }

    Commit(String stream, long seq, long firstVersion, long previousSeq, Instant recordedAt, List<NewEvent> events) {
        this(stream, seq, firstVersion, previousSeq, recordedAt, events, Marks.NONE);
    }

    /** The version of the last event, or for a mark the last version written before it. */
    long lastVersion() {
        return firstVersion + events.size() - 1;
    }

    boolean isMark() {
        return events.isEmpty();
    }

    /** The stream's state after this message. */
    StreamState state() {
        return StreamState.stored(lastVersion(), marks.deletedBefore(), 0, marks.hardDeleted());
    }

    /** The index of the message decided on this one: after a mark, the next place at the same version. */
    int nextIndex() {
        return isMark() ? marks.index() + 1 : 0;
    }

    /** The events with a version greater than {@code afterVersion}, up to {@code limit}, added to {@code into}. */
    void addAfter(long afterVersion, int limit, List<StoredEvent> into) {
        int from = (int) Math.max(0, afterVersion + 1 - firstVersion);
        for (int i = from; i < events.size() && into.size() < limit; i++) {
            into.add(stored(i));
        }
    }

    /** The events with a position greater than {@code afterPosition}, up to {@code limit}, added to {@code into}. */
    void addAfterPosition(long afterPosition, int limit, List<StoredEvent> into) {
        for (int i = 0; i < events.size() && into.size() < limit; i++) {
            if (Positions.of(seq, i) > afterPosition) {
                into.add(stored(i));
            }
        }
    }

    List<StoredEvent> all() {
        List<StoredEvent> all = new ArrayList<>(events.size());
        addAfter(-1, Integer.MAX_VALUE, all);
        return all;
    }

    StoredEvent stored(int index) {
        NewEvent event = events.get(index);
        Instant own = event.recordedAt();
        return new StoredEvent(stream, firstVersion + index, Positions.of(seq, index), event.eventId(), event.type(),
                event.schemaVersion(), own != null ? own : recordedAt, event.metadata().clone(), event.payload().clone());
    }
}
