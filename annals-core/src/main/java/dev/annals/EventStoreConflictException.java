package dev.annals;

import org.jspecify.annotations.Nullable;

/**
 * An append expected a version the stream does not have; nothing was written.
 * {@link #actualVersion()} is -1 when the stream does not exist.
 */
public class EventStoreConflictException extends AnnalsException {

    private final String stream;
    private final Object aggregateId;
    private final long expectedVersion;
    private final long actualVersion;

    /** A conflict found below the typed API, where only the stream name is known. */
    public EventStoreConflictException(String stream, long expectedVersion, long actualVersion) {
        this(stream, stream, expectedVersion, actualVersion, null);
    }

    private EventStoreConflictException(String stream, Object aggregateId, long expectedVersion, long actualVersion,
            @Nullable Throwable cause) {
        super("Conflict appending to stream " + Limits.shown(stream) + ": expected version " + expectedVersion
                + ", but the current version is " + actualVersion, cause);
        this.stream = stream;
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** The stream, {@code category-id}. */
    public String stream() {
        return stream;
    }

    /** The typed aggregate id; the stream name when the conflict was thrown below the typed API. */
    public Object aggregateId() {
        return aggregateId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }

    /** The same conflict, reported for a typed aggregate id, with this one as its cause. */
    public EventStoreConflictException withAggregateId(Object id) {
        return new EventStoreConflictException(stream, id, expectedVersion, actualVersion, this);
    }
}
