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

    /**
     * Up to {@code limit} events after {@code afterPosition} that {@code filter} lets through, read as
     * {@link #readAll(long, int)} reads (never past an event that may still commit before it).
     * {@link LogPage#scannedTo()} tells how far the log was read; the default reads one page of
     * {@code limit} events and filters it here, a backend that can filters in its query.
     */
    default LogPage readAll(long afterPosition, int limit, LogFilter filter) {
        List<StoredEvent> page = readAll(afterPosition, limit);
        if (page.isEmpty()) {
            return new LogPage(List.of(), afterPosition);
        }
        List<StoredEvent> matching = filter.isAll() ? page : page.stream().filter(filter::matches).toList();
        return new LogPage(matching, page.get(page.size() - 1).position());
    }

    /** Up to {@code limit} events with position lower than {@code beforePosition}, newest first. */
    List<StoredEvent> readAllBackward(long beforePosition, int limit);

    /** The highest position {@link #readAll} can return now; 0 when the log is empty. */
    long headPosition();
}
