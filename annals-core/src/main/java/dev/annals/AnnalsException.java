package dev.annals;

/** The base of every exception Annals throws. Unchecked. */
public class AnnalsException extends RuntimeException {

    public AnnalsException(String message) {
        super(message);
    }

    public AnnalsException(String message, Throwable cause) {
        super(message, cause);
    }
}
