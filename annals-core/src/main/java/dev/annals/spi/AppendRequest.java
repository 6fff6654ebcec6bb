package dev.annals.spi;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One atomic append to one stream.
 *
 * <p>{@code expectedVersion} is the exact current version, {@code -1} for a stream that must not
 * exist yet, or {@code -2} for no check. A mismatch writes nothing and fails with
 * {@code EventStoreConflictException}. An empty {@code events} list writes nothing but is still
 * checked. Event ids already present are handled by {@link AppendIdempotency}.
 */
public record AppendRequest(String stream, long expectedVersion, List<NewEvent> events, Instant recordedAt) {

    public static final long NO_STREAM = -1;
    public static final long ANY = -2;

    public AppendRequest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(recordedAt, "recordedAt");
        events = List.copyOf(events);
        if (expectedVersion < ANY) {
            throw new dev.annals.InvalidArgumentException("expectedVersion must be >= -2, was " + expectedVersion);
        }
        if (events.size() > 1) {
            var ids = new HashSet<>(events.size() * 2);
            for (NewEvent event : events) {
                if (!ids.add(event.eventId())) {
                    throw new dev.annals.InvalidArgumentException("event id " + event.eventId() + " appears twice in one append");
                }
            }
        }
    }

    /** True when the version must be checked. */
    public boolean checksVersion() {
        return expectedVersion != ANY;
    }
}
