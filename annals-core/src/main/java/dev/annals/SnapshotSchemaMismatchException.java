package dev.annals;

/** A stored snapshot was written for another shape of the state type; it is never used. */
public class SnapshotSchemaMismatchException extends SnapshotUnusableException {

    public SnapshotSchemaMismatchException(String stream, long version, String storedFingerprint, String currentFingerprint) {
        super(stream, version, "Snapshot of stream " + stream + " at version " + version + " has schema fingerprint "
                + storedFingerprint + ", but the current state type has " + currentFingerprint, null);
    }
}
