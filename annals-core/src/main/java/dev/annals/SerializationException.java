package dev.annals;

import org.jspecify.annotations.Nullable;

/** An event, metadata or snapshot state could not be turned into JSON or back. */
public class SerializationException extends AnnalsException {

    public SerializationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
