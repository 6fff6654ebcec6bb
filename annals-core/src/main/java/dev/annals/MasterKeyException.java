package dev.annals;

import org.jspecify.annotations.Nullable;

/**
 * Personal data cannot be sealed or opened because of the master key: there is none (the store was
 * opened without a {@link dev.annals.keys.KeyProvider}, or its key file is missing), or it is not
 * the one the store's data keys were wrapped with, or the key file is malformed or readable by others.
 */
public class MasterKeyException extends AnnalsException {

    public MasterKeyException(String message) {
        super(message);
    }

    public MasterKeyException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
