package dev.annals.spi;

import java.util.List;

/**
 * The role of a backend that orders every event of every stream in one log.
 *
 * <p>Positions are positive, strictly increasing in commit order and never given twice, not even
 * after the events holding them were removed or the store restarted. They may have holes; no
 * reader may assume that they are dense. Arguments arrive checked (see {@link StorageBackend});
 * implementations are thread-safe.
 */
public interface GlobalLog {

    /**
     * Up to {@code limit} events with position greater than {@code afterPosition}, in position
     * order, never returning an event while an event with a lower position may still commit, and
     * crossing any hole in the numbering: an empty page means no event follows {@code afterPosition} yet.
     */
    List<StoredEvent> readAll(long afterPosition, int limit);

    /** Up to {@code limit} events with position lower than {@code beforePosition}, newest first. */
    List<StoredEvent> readAllBackward(long beforePosition, int limit);

    /** The highest position {@link #readAll} can return now; 0 when the log is empty. */
    long headPosition();
}
