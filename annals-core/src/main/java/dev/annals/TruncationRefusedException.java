package dev.annals;

/**
 * A truncation was refused, and nothing was removed: truncating a stream before a version needs a
 * snapshot at or after that version (so that the aggregate can still be loaded), and leaves at
 * least the stream's last event.
 */
public class TruncationRefusedException extends AnnalsException {

    private final String stream;
    private final long beforeVersion;

    public TruncationRefusedException(String stream, long beforeVersion, String reason) {
        super("Cannot truncate stream " + Limits.shown(stream) + " before version " + beforeVersion + ": " + reason);
        this.stream = stream;
        this.beforeVersion = beforeVersion;
    }

    /** The stream, {@code category-id}. */
    public String stream() {
        return stream;
    }

    /** The version the truncation asked to keep from. */
    public long beforeVersion() {
        return beforeVersion;
    }
}
