package dev.annals;

import java.util.List;

/**
 * Every event of every stream in one global order, for projections and subscriptions. Positions
 * start at 1, increase strictly in commit order and are never given twice; a read never skips an
 * event that commits later with a lower position.
 *
 * <p>Thread-safe.
 */
public interface EventLog {

    /**
     * Up to {@code limit} (at least 1) events with position greater than {@code afterPosition}
     * (exclusive; 0 or a negative one reads from the start), in position order. Positions may have
     * holes; a page crosses them, so an empty page means that nothing follows {@code afterPosition} yet.
     */
    List<RecordedEvent<Object>> readAll(long afterPosition, int limit);

    /** Up to {@code limit} (at least 1) events with position lower than {@code beforePosition}, newest first. */
    List<RecordedEvent<Object>> readAllBackward(long beforePosition, int limit);

    /** The position of the newest readable event; 0 when the log is empty. */
    long headPosition();
}
