package dev.annals.internal;

import dev.annals.spi.GlobalLog;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StoredEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a store's log forward, one page at a time, the events a filter lets through up to a position:
 * at most one page in memory. Not thread-safe.
 */
final class LogCursor {

    private final GlobalLog log;
    private final LogFilter filter;
    private final int pageSize;
    private final long upTo;
    private List<StoredEvent> page = List.of();
    private int index;
    private long scannedTo;
    private boolean ended;

    /** From the start of the log up to position {@code upTo}, inclusive ({@code Long.MAX_VALUE}: to its head). */
    LogCursor(GlobalLog log, LogFilter filter, int pageSize, long upTo) {
        this.log = log;
        this.filter = filter;
        this.pageSize = pageSize;
        this.upTo = upTo;
    }

    /** The next event, or null after the last. */
    @Nullable
    StoredEvent next() {
        while (index >= page.size()) {
            if (ended) {
                return null;
            }
            LogPage read = log.readAll(scannedTo, pageSize, filter);
            if (read.scannedTo() <= scannedTo) {
                ended = true;
                return null;
            }
            page = read.events();
            index = 0;
            scannedTo = read.scannedTo();
            if (scannedTo >= upTo) {
                ended = true;
                page = page.stream().filter(event -> event.position() <= upTo).toList();
            }
        }
        return page.get(index++);
    }
}
