package dev.annals;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored event with everything the store knows about it.
 *
 * @param streamId the stream it belongs to, {@code category-id}
 * @param type its stored type name
 * @param version its 0-based position in its stream
 * @param position its position in the global log
 */
public record RecordedEvent<E>(
        UUID eventId, String streamId, String type, long version, long position, Instant recordedAt, Metadata metadata, E payload) {
}
