package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;

/**
 * A wrapped data key as a backend stores it: the subject it belongs to and its opaque bytes.
 * The array is owned by whoever holds the record.
 */
public record StoredKey(String subject, byte[] wrappedKey) {

    public StoredKey {
        Limits.checkStreamName(subject, "subject");
        InvalidArgumentException.requireNonNull(wrappedKey, "wrapped key");
        InvalidArgumentException.require(wrappedKey.length > 0 && wrappedKey.length <= KeyStorage.MAX_KEY_BYTES,
                () -> "a wrapped key has 1 to " + KeyStorage.MAX_KEY_BYTES + " bytes, this one " + wrappedKey.length);
    }
}
