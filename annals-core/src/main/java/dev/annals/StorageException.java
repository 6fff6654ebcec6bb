package dev.annals;

import org.jspecify.annotations.Nullable;

/** The backend failed (I/O, the database, the network); the message says which store and what. */
public class StorageException extends AnnalsException {

    public StorageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
