package dev.annals;

import org.jspecify.annotations.Nullable;

/** A store could not be opened: a bad URL, a missing or foreign file, an unreachable server. */
public class StoreOpenException extends AnnalsException {

    public StoreOpenException(String message) {
        super(message);
    }

    public StoreOpenException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
