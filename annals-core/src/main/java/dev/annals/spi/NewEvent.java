package dev.annals.spi;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to be appended, already serialized. Once handed to {@link StorageBackend#append}, its
 * arrays belong to the backend, which may keep them: the caller must not modify them afterwards.
 *
 * @param metadata JSON bytes, or an empty array for none
 * @param payload JSON bytes
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, byte[] metadata, byte[] payload) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(payload, "payload");
    }

    /** Whether a stored event is this one: same id, type, schema version, metadata and payload (a retried append). */
    public boolean sameContentAs(StoredEvent stored) {
        return eventId.equals(stored.eventId())
                && type.equals(stored.type())
                && schemaVersion == stored.schemaVersion()
                && Arrays.equals(metadata, stored.metadata())
                && Arrays.equals(payload, stored.payload());
    }
}
