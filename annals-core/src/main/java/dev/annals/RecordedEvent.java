package dev.annals;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored event with everything the store knows about it.
 *
 * @param stream the stream it belongs to, {@code category-id}
 * @param type its stored type name
 * @param version its 0-based position in its stream
 * @param position its position in the global log
 * @param metadata the metadata its appender gave
 * @param event the event, decoded (upcast to its current schema when it was stored with an older one)
 */
public record RecordedEvent<E>(
        UUID eventId, String stream, String type, long version, long position, Instant recordedAt, Metadata metadata, E event) {
}
