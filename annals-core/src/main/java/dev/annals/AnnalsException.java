package dev.annals;

import org.jspecify.annotations.Nullable;

/** The base of every exception Annals throws. Unchecked. */
public class AnnalsException extends RuntimeException {

    public AnnalsException(String message) {
        super(message);
    }

    public AnnalsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
