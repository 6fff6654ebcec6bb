package dev.annals.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as a backend stores it. Byte arrays are owned by the caller once returned and are
 * never shared with the backend's own state.
 */
public record StoredEvent(
        String stream,
        long version,
        long position,
        UUID eventId,
        String type,
        int schemaVersion,
        Instant recordedAt,
        byte[] metadata,
        byte[] payload) {
}
