package dev.annals.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The role of a backend that keeps the data keys of crypto-shredding ({@link Capability#KEY_STORAGE}):
 * one wrapped key per subject, opaque bytes that the typed layer makes, wraps with the application's
 * master key and reads back. The backend stores and destroys them; every cryptographic step is above it.
 *
 * <p>A key's storage is one entry: subject and bytes. Copying a store's keys to another is
 * {@link #keys} on one side and {@link #putIfAbsent} on the other, nothing else.
 *
 * <p>Arguments arrive checked (see {@link StorageBackend}): a subject is a non-empty string of at most
 * {@link dev.annals.Limits#MAX_STREAM_NAME_BYTES} UTF-8 bytes without NUL; wrapped keys are at most
 * {@link #MAX_KEY_BYTES} bytes. Implementations are thread-safe.
 */
public interface KeyStorage {

    /** The most bytes a wrapped key may have. */
    int MAX_KEY_BYTES = 1024;

    /**
     * Stores {@code wrappedKey} as the key of {@code subject} unless it has one, atomically (of two
     * processes creating a subject's key at once, one key wins).
     *
     * @return the key stored for {@code subject} afterwards: {@code wrappedKey}, or the one that was there
     */
    byte[] putIfAbsent(String subject, byte[] wrappedKey);

    /** The wrapped key of {@code subject}; empty when it has none (never had one, or it was deleted). */
    Optional<byte[]> find(String subject);

    /**
     * Deletes the key of {@code subject}, so that no read returns it again.
     * <b>Warning:</b> its bytes may stay in the storage's files (free pages, write-ahead logs, dead
     * row versions, old messages) until {@link #eraseDeleted} runs.
     *
     * @return whether a key was deleted
     */
    boolean delete(String subject);

    /**
     * The maintenance step after {@link #delete}: makes the bytes of every deleted key absent from the
     * storage's own files (each backend says how, and what stays outside them, such as a server's
     * write-ahead log or the blocks a file system freed). May take locks for a while; idempotent.
     */
    void eraseDeleted();

    /** Up to {@code limit} stored keys whose subject sorts after {@code afterSubject} (null: from the first), ordered by subject. */
    List<StoredKey> keys(@Nullable String afterSubject, int limit);
}
