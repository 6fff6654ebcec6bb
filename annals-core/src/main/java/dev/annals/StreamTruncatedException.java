package dev.annals;

/**
 * A repository cannot load an aggregate because its stream was truncated and no usable snapshot
 * covers the removed events: replaying what is left would build a wrong aggregate, so the load
 * fails instead. Happens when the snapshot taken for the truncation became unusable (its state
 * type changed, its integrity check fails); restore a snapshot at or after the truncation, or
 * make the state type read the old one.
 */
public class StreamTruncatedException extends AnnalsException {

    private final Object aggregateId;
    private final long truncatedBefore;

    public StreamTruncatedException(String store, Object aggregateId, long truncatedBefore, long replayFrom) {
        super("Cannot load " + aggregateId + " from " + store + ": its stream was truncated before version " + truncatedBefore
                + " and no usable snapshot at or after version " + (truncatedBefore - 1)
                + " exists, so a replay would start at version " + replayFrom + " and miss the removed events");
        this.aggregateId = aggregateId;
        this.truncatedBefore = truncatedBefore;
    }

    public Object aggregateId() {
        return aggregateId;
    }

    /** The events below this version were removed by the truncation. */
    public long truncatedBefore() {
        return truncatedBefore;
    }
}
