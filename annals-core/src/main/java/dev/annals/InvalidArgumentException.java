package dev.annals;

/** A call was given an argument it cannot accept; nothing was changed. The message names the argument. */
public class InvalidArgumentException extends AnnalsException {

    public InvalidArgumentException(String message) {
        super(message);
    }

    /** Throws when {@code value} is null, naming {@code what}. */
    public static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        return value;
    }

    /** Throws with the message of {@code message}, made only then, unless {@code condition} holds: for checks on hot paths. */
    public static void require(boolean condition, java.util.function.Supplier<String> message) {
        if (!condition) {
            throw new InvalidArgumentException(message.get());
        }
    }

    /** Throws with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidArgumentException(message);
        }
    }
}
