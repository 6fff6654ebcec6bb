package dev.annals.nats;

import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One JetStream message: the events of one append to one stream, stored at stream sequence
 * {@code seq}. Its events hold versions {@code firstVersion ...} and global positions
 * {@link Positions#of}{@code (seq, 0 ...)}, and {@code recordedAt} unless an event carries its own (a copied one).
 *
 * @param previousSeq the stream sequence of the stream's commit before this one (the expectation it was
 *     published with), 0 for the first: a link back along the stream, so a reader finds the commits after a
 *     version without reading the stream from its start
 */
record Commit(String stream, long seq, long firstVersion, long previousSeq, Instant recordedAt, List<NewEvent> events) {

    long lastVersion() {
        return firstVersion + events.size() - 1;
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
