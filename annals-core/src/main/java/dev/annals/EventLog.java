package dev.annals;

import java.util.List;

/**
 * Every event of every stream in one global order, for projections and subscriptions. Positions
 * start at 1 and increase strictly in commit order; a read never skips an event that commits
 * later with a lower position.
 *
 * <p>Thread-safe.
 */
public interface EventLog {

    /** Up to {@code limit} events with position greater than {@code fromPosition} (0 reads from the start). */
    List<RecordedEvent<Object>> readAll(long fromPosition, int limit);

    /** Up to {@code limit} events with position lower than {@code beforePosition}, newest first. */
    List<RecordedEvent<Object>> readAllBackward(long beforePosition, int limit);

    /** The position of the newest readable event; 0 when the log is empty. */
    long headPosition();
}
