package dev.annals;

import org.jspecify.annotations.Nullable;

/** A stored snapshot cannot be used; the repository falls back to an older one or a full replay. */
public abstract class SnapshotUnusableException extends AnnalsException {

    private final String stream;
    private final long version;

    protected SnapshotUnusableException(String stream, long version, String message, @Nullable Throwable cause) {
        super(message, cause);
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
