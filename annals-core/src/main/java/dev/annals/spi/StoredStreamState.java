package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StreamState;

/**
 * A stream that was deleted or truncated, with what the store keeps of it ({@link StreamState#removed()} is
 * true), as {@link StreamRemoval#streamStates} lists it.
 */
public record StoredStreamState(String stream, StreamState state) {

    public StoredStreamState {
        Limits.checkStreamName(stream, "stream name");
        InvalidArgumentException.requireNonNull(state, "stream state");
    }
}
