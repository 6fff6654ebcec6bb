package dev.annals;

import java.util.UUID;

/** An event id already belongs to a different event (or to only part of a retried append); nothing was written. */
public class DuplicateEventIdException extends AnnalsException {

    private final UUID eventId;

    public DuplicateEventIdException(UUID eventId, String stream, String reason) {
        super("Event id " + eventId + " cannot be appended to stream " + stream + ": " + reason);
        this.eventId = eventId;
    }

    public UUID eventId() {
        return eventId;
    }
}
