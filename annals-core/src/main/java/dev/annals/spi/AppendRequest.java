package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * One atomic append to one stream.
 *
 * <p>{@code expectedVersion} is the exact current version, {@code -1} for a stream that must not
 * exist yet, or {@code -2} for no check. A mismatch writes nothing and fails with
 * {@code EventStoreConflictException}. An empty {@code events} list writes nothing but is still
 * checked. Event ids already present are decided by {@link dev.annals.spi.support.AppendDecision}.
 *
 * <p>Made only valid: the stream name and sizes within {@link Limits}, distinct event ids,
 * {@code recordedAt} within the times a store keeps. All events of one append share its
 * {@code recordedAt}, except events that carry their own ({@link NewEvent#recordedAt()}, a copy from
 * another store); callers give every append of a process a distinct one (the typed API does), which
 * lets a retry be told from a part of a larger append.
 */
public record AppendRequest(String stream, long expectedVersion, List<NewEvent> events, Instant recordedAt) {

    public static final long NO_STREAM = -1;
    public static final long ANY = -2;

    public AppendRequest {
        Limits.checkStreamName(stream, "stream name");
        Limits.checkTime(recordedAt, "recordedAt");
        InvalidArgumentException.requireNonNull(events, "events");
        events = List.copyOf(events);
        if (expectedVersion < ANY) {
            throw new InvalidArgumentException("expected version must be a version >= 0, NO_STREAM (-1) or ANY (-2), was " + expectedVersion);
        }
        if (events.size() > Limits.MAX_APPEND_EVENTS) {
            throw new InvalidArgumentException("an append holds at most " + Limits.MAX_APPEND_EVENTS + " events, this one " + events.size());
        }
        long bytes = 0;
        for (NewEvent event : events) {
            bytes += event.sizeBytes();
        }
        if (bytes > Limits.MAX_APPEND_BYTES) {
            throw new InvalidArgumentException("an append holds at most " + Limits.MAX_APPEND_BYTES
                    + " bytes of payload and metadata, this one " + bytes);
        }
        if (events.size() > 1) {
            var ids = new HashSet<>(events.size() * 2);
            for (NewEvent event : events) {
                if (!ids.add(event.eventId())) {
                    throw new InvalidArgumentException("event id " + event.eventId() + " appears twice in one append");
                }
            }
        }
    }

    /** True when the version must be checked. */
    public boolean checksVersion() {
        return expectedVersion != ANY;
    }

    /** The time a backend stores for {@code event} of this append: the event's own, else the append's {@link #recordedAt()}. */
    public Instant recordedAtOf(NewEvent event) {
        Instant own = event.recordedAt();
        return own != null ? own : recordedAt;
    }

    /** The bytes of payload and metadata of the whole append. */
    public long sizeBytes() {
        long bytes = 0;
        for (NewEvent event : events) {
            bytes += event.sizeBytes();
        }
        return bytes;
    }
}
