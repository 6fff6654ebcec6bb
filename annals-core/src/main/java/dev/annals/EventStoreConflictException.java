package dev.annals;

/**
 * An append expected a version the stream does not have; nothing was written.
 * {@link #actualVersion()} is -1 when the stream does not exist.
 */
public class EventStoreConflictException extends AnnalsException {

    private final Object aggregateId;
    private final long expectedVersion;
    private final long actualVersion;

    public EventStoreConflictException(Object aggregateId, long expectedVersion, long actualVersion) {
        super("Conflict appending events for aggregate " + aggregateId + ": expected version "
                + expectedVersion + ", but the current version is " + actualVersion);
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** The aggregate id, or the stream name when thrown below the typed API. */
    public Object aggregateId() {
        return aggregateId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }

    /** The same conflict, reported for a typed aggregate id instead of a stream name. */
    public EventStoreConflictException withAggregateId(Object id) {
        return new EventStoreConflictException(id, expectedVersion, actualVersion);
    }
}
