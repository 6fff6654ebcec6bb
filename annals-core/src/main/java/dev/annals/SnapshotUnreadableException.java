package dev.annals;

/** A stored snapshot passed its integrity check but its state cannot be read into the state type. */
public class SnapshotUnreadableException extends SnapshotUnusableException {

    public SnapshotUnreadableException(String stream, long version, Throwable cause) {
        super(stream, version, "Snapshot of stream " + stream + " at version " + version + " cannot be read: "
                + cause.getMessage(), cause);
    }
}
