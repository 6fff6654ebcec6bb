package dev.annals.spi;

import dev.annals.StreamState;
import java.util.List;

/**
 * A page of one stream read together with the stream's state (see
 * {@link StreamRemoval#readStreamPage}), so that what a deleted or truncated stream reads as is
 * applied to the page without a second query: one round trip per page on a server backend.
 *
 * @param events up to the limit of events after the version asked for, in version order, including
 *     events that a soft delete hides (the caller applies the state); handed over, not copied
 * @param state the stream's state as read with the events; when {@code events} is empty it may be
 *     {@link StreamState#NEW}, since an empty page reads as empty whatever the state. For a stream never
 *     deleted or truncated, a page that holds as many events as asked for may give the page's last version
 *     as the stream's (more events may follow; the next page tells), so that a backend need not look up the
 *     stream's end for every page: what a caller applies to a page (whether the stream exists, its first
 *     visible version) is the same either way
 */
public record StreamPage(List<StoredEvent> events, StreamState state) {

    /** No events after the version asked for. */
    public static final StreamPage EMPTY = new StreamPage(List.of(), StreamState.NEW);
}
