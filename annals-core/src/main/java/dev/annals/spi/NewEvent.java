package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event to be appended, already serialized. Once handed to {@link EventStorage#append}, its
 * arrays belong to the backend, which may keep them: the caller must not modify them afterwards.
 *
 * @param metadata the user's metadata as JSON bytes, or an empty array for none
 * @param payload JSON bytes
 * @param recordedAt the time the event keeps as its own, or null (every new event) for its append's
 *     {@link AppendRequest#recordedAt()}; set by a copy from another store, so that each copied event keeps
 *     the time it was first recorded at (see {@link AppendRequest#recordedAtOf}). A backend stores the time
 *     {@link AppendRequest#recordedAtOf} gives, exactly.
 */
public record NewEvent(UUID eventId, String type, int schemaVersion, byte[] metadata, byte[] payload, @Nullable Instant recordedAt) {

    /** A new event, recorded at its append's time. */
    public NewEvent(UUID eventId, String type, int schemaVersion, byte[] metadata, byte[] payload) {
        this(eventId, type, schemaVersion, metadata, payload, null);
    }

    public NewEvent {
        if (recordedAt != null && (recordedAt.isBefore(Limits.EARLIEST_TIME) || !recordedAt.isBefore(Limits.LATEST_TIME))) {
            Limits.checkTime(recordedAt, "recordedAt of event " + eventId);
        }
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
