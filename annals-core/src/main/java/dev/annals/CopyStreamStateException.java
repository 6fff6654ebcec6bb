package dev.annals;

import dev.annals.spi.Capability;

/**
 * {@link Annals#copy} refused a target that cannot keep the state of a copied stream: its soft delete, its
 * hard delete (the mark that refuses every later write) or its truncation. Nothing was copied. Deletes can be
 * left out on purpose ({@link CopyOptions#withoutStreamStates()}); a truncated stream cannot be copied without
 * its mark, since its remaining events keep their versions only after it.
 */
public class CopyStreamStateException extends UnsupportedCapabilityException {

    private final String stream;
    private final StreamState state;

    public CopyStreamStateException(Capability capability, String target, String stream, StreamState state) {
        super(capability, target + ", which the copy needs for stream " + Limits.shown(stream) + " of the source: it was "
                + describe(state) + "; nothing was copied"
                + (state.truncatedBefore() > 0 ? "" : " (CopyOptions.withoutStreamStates(), --without-stream-states, leaves deletes out)"));
        this.stream = stream;
        this.state = state;
    }

    /** The stream of the source whose state the target cannot keep. */
    public String stream() {
        return stream;
    }

    /** Its state in the source. */
    public StreamState state() {
        return state;
    }

    /** What {@code state} says happened to its stream, in words. */
    static String describe(StreamState state) {
        StringBuilder what = new StringBuilder();
        if (state.hardDeleted()) {
            what.append("deleted for good");
        }
        if (state.deletedBefore() > 0) {
            what.append(what.length() > 0 ? ", " : "").append("soft-deleted before version ").append(state.deletedBefore());
        }
        if (state.truncatedBefore() > 0) {
            what.append(what.length() > 0 ? ", " : "").append("truncated before version ").append(state.truncatedBefore());
        }
        return what.toString();
    }
}
