package dev.annals.internal;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks of {@link KeyStorage}, in front of every backend's (see {@link CheckedBackend}):
 * a subject is checked as a stream name is, a wrapped key's size is bounded, a limit is at least 1;
 * returned arrays are copies. Thread-safe when the storage is.
 */
final class CheckedKeyStorage implements KeyStorage {

    private final KeyStorage storage;

    CheckedKeyStorage(KeyStorage storage) {
        this.storage = storage;
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        StoredKey key = new StoredKey(subject, InvalidArgumentException.requireNonNull(wrappedKey, "wrapped key").clone());
        return storage.putIfAbsent(key.subject(), key.wrappedKey()).clone();
    }

    @Override
    public Optional<byte[]> find(String subject) {
        return storage.find(checked(subject)).map(byte[]::clone);
    }

    @Override
    public boolean delete(String subject) {
        return storage.delete(checked(subject));
    }

    @Override
    public void eraseDeleted() {
        storage.eraseDeleted();
    }

    @Override
    public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        InvalidArgumentException.require(limit >= 1, () -> "limit must be >= 1, was " + limit);
        return List.copyOf(storage.keys(afterSubject == null ? null : checked(afterSubject), limit));
    }

    private static String checked(String subject) {
        return Limits.checkStreamName(subject, "subject");
    }
}
