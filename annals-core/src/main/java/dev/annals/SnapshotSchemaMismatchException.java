package dev.annals;

/** A stored snapshot was written for another shape of the state type; it is never used. */
public class SnapshotSchemaMismatchException extends AnnalsException {

    private final String stream;
    private final long version;

    public SnapshotSchemaMismatchException(String stream, long version, String storedFingerprint, String currentFingerprint) {
        super("Snapshot of stream " + stream + " at version " + version + " has schema fingerprint " + storedFingerprint
                + ", but the current state type has " + currentFingerprint);
        this.stream = stream;
        this.version = version;
    }

    public String stream() {
        return stream;
    }

    public long version() {
        return version;
    }
}
