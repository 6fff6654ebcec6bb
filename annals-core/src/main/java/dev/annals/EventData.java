package dev.annals;

import dev.annals.internal.EventIds;
import java.util.UUID;

/**
 * An event to append, with the id that makes its append idempotent and its metadata.
 * Re-sending the same {@code EventData} (same id) after a timeout never stores it twice.
 */
public record EventData<E>(UUID eventId, E event, Metadata metadata) {

    public EventData {
        InvalidArgumentException.requireNonNull(eventId, "event id");
        InvalidArgumentException.requireNonNull(event, "event");
        InvalidArgumentException.requireNonNull(metadata, "metadata");
    }

    /** An event with a new time-ordered id and no metadata. */
    public static <E> EventData<E> of(E event) {
        return new EventData<>(EventIds.next(), event, Metadata.EMPTY);
    }

    /** An event with a new time-ordered id. */
    public static <E> EventData<E> of(E event, Metadata metadata) {
        return new EventData<>(EventIds.next(), event, metadata);
    }
}
