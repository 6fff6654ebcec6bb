package dev.annals;

/** An event, metadata or snapshot state could not be turned into JSON or back. */
public class SerializationException extends AnnalsException {

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
