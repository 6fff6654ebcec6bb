package dev.annals;

/** A stored snapshot does not match its SHA-256 hash: it was altered or corrupted after it was written. */
public class SnapshotIntegrityException extends AnnalsException {

    private final String stream;
    private final long version;

    public SnapshotIntegrityException(String stream, long version, String expectedHash, String actualHash) {
        super("Snapshot of stream " + stream + " at version " + version + " failed its integrity check: stored hash "
                + abbreviate(expectedHash) + "…, computed " + abbreviate(actualHash) + "…");
        this.stream = stream;
        this.version = version;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) : hash;
    }

    public String stream() {
        return stream;
    }

    public long version() {
        return version;
    }
}
