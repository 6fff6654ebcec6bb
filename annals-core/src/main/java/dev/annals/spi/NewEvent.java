package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.util.UUID;

/**
 * An event to be appended, already serialized. Once handed to {@link EventStorage#append}, its
 * arrays belong to the backend, which may keep them: the caller must not modify them afterwards.
 *
 * @param metadata the user's metadata as JSON bytes, or an empty array for none
 * @param payload JSON bytes
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, byte[] metadata, byte[] payload) {

    public NewEvent {
        InvalidArgumentException.requireNonNull(eventId, "event id");
        Limits.checkTypeName(type);
        InvalidArgumentException.requireNonNull(metadata, "metadata");
        InvalidArgumentException.requireNonNull(payload, "payload");
        InvalidArgumentException.require(schemaVersion >= 1, () -> "schema version of " + type + " must be >= 1, was " + schemaVersion);
        long size = (long) metadata.length + payload.length;
        InvalidArgumentException.require(size <= Limits.MAX_EVENT_BYTES, () -> "event " + eventId + " of type " + Limits.shown(type)
                + " is " + size + " bytes of payload and metadata; at most " + Limits.MAX_EVENT_BYTES + " are allowed");
    }

    /** Bytes of payload and metadata. */
    public long sizeBytes() {
        return (long) metadata.length + payload.length;
    }
}
