package dev.annals.spi;

import java.util.List;

/**
 * A filtered page of the global log.
 *
 * @param events the matching events, in position order
 * @param scannedTo the position up to which the log was read (at least the last event's): a reader
 *     goes on after it, so events the filter left out are not read again
 */
public record LogPage(List<StoredEvent> events, long scannedTo) {

    public LogPage {
        events = List.copyOf(events);
    }
}
