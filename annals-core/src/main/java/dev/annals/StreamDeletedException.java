package dev.annals;

/**
 * The stream was deleted for good ({@link DeleteMode#HARD}): it can never be written, deleted or
 * truncated again. Nothing was changed.
 */
public class StreamDeletedException extends AnnalsException {

    private final String stream;

    public StreamDeletedException(String stream, String operation) {
        super("Cannot " + operation + " stream " + Limits.shown(stream) + ": it was deleted for good (hard delete) and can never be written again");
        this.stream = stream;
    }

    /** The stream, {@code category-id}. */
    public String stream() {
        return stream;
    }
}
