package dev.annals;

/** A stored snapshot does not match its SHA-256 hash: it was altered or corrupted after it was written. */
public class SnapshotIntegrityException extends SnapshotUnusableException {

    public SnapshotIntegrityException(String stream, long version, String expectedHash, String actualHash) {
        super(stream, version, "Snapshot of stream " + stream + " at version " + version + " failed its integrity check: stored hash "
                + abbreviate(expectedHash) + "…, computed " + abbreviate(actualHash) + "…", null);
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) : hash;
    }
}
