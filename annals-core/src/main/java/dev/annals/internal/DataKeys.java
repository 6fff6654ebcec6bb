package dev.annals.internal;

import dev.annals.MasterKeyException;
import dev.annals.keys.KeyProvider;
import dev.annals.serialization.SubjectKey;
import dev.annals.serialization.SubjectKeys;
import dev.annals.spi.KeyStorage;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The data keys of one store: made on a subject's first use, stored wrapped by the application's
 * {@link KeyProvider} in the backend's {@link KeyStorage}, and kept unwrapped in a bounded cache so that
 * sealing a value costs an AES-GCM operation, not a read and an unwrap.
 *
 * <p><b>Warning:</b> another process's cache keeps a key it read for up to {@link #TTL_NANOS} after a
 * {@code forget} here; in that time it may still open (and seal new) values of the forgotten subject.
 * The forget of this process takes effect here at once.
 *
 * <p>Thread-safe.
 */
public final class DataKeys implements SubjectKeys {

    /** How long a key (or its absence) read from storage is trusted: 60 seconds. */
    static final long TTL_NANOS = 60_000_000_000L;
    /** How many subjects' keys the cache holds. */
    static final int CACHE_SIZE = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStorage storage;
    private final KeyProvider provider;
    private final Map<String, Entry> cache = new LinkedHashMap<>(256, 0.75f, true) {
        // DataKeys.Entry in full: inside a LinkedHashMap subclass, javac 25 takes "Entry" for LinkedHashMap.Entry.
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DataKeys.Entry> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** A key, or its absence (null), as read at {@code readAt} (System.nanoTime). */
    private record Entry(@Nullable SubjectKey key, long readAt) {
    }

    public DataKeys(KeyStorage storage, KeyProvider provider) {
        this.storage = storage;
        this.provider = provider;
    }

    @Override
    public SubjectKey forSealing(String subject) {
        Entry cached = cached(subject);
        if (cached != null && cached.key() != null) {
            return cached.key();
        }
        Optional<byte[]> stored = storage.find(subject);
        if (stored.isPresent()) {
            return remember(subject, unwrap(subject, stored.get()));
        }
        byte[] material = new byte[SubjectKey.MATERIAL_BYTES];
        RANDOM.nextBytes(material);
        byte[] wrapped = provider.wrap(subject, material);
        byte[] winner = storage.putIfAbsent(subject, wrapped);
        SubjectKey key = Arrays.equals(winner, wrapped) ? SubjectKey.of(material) : unwrap(subject, winner);
        Arrays.fill(material, (byte) 0);
        return remember(subject, key);
    }

    @Override
    public Optional<SubjectKey> forOpening(String subject, byte[] keyId) {
        Entry cached = cached(subject);
        if (cached != null && (cached.key() == null || cached.key().hasId(keyId))) {
            return Optional.ofNullable(cached.key()).filter(key -> key.hasId(keyId));
        }
        // not cached, or cached with another id: the key may have been made anew since
        SubjectKey key = storage.find(subject).map(wrapped -> unwrap(subject, wrapped)).orElse(null);
        synchronized (cache) {
            cache.put(subject, new Entry(key, System.nanoTime()));
        }
        return Optional.ofNullable(key).filter(found -> found.hasId(keyId));
    }

    /**
     * Deletes {@code subject}'s key from storage and from this cache.
     *
     * @return whether it had a key
     */
    public boolean forget(String subject) {
        boolean deleted = storage.delete(subject);
        synchronized (cache) {
            cache.put(subject, new Entry(null, System.nanoTime()));
        }
        return deleted;
    }

    private @Nullable Entry cached(String subject) {
        synchronized (cache) {
            Entry entry = cache.get(subject);
            if (entry != null && System.nanoTime() - entry.readAt() > TTL_NANOS) {
                cache.remove(subject);
                return null;
            }
            return entry;
        }
    }

    private SubjectKey remember(String subject, SubjectKey key) {
        synchronized (cache) {
            cache.put(subject, new Entry(key, System.nanoTime()));
        }
        return key;
    }

    private SubjectKey unwrap(String subject, byte[] wrapped) {
        byte[] material = provider.unwrap(subject, wrapped);
        try {
            if (material.length != SubjectKey.MATERIAL_BYTES) {
                throw new MasterKeyException("the data key of subject " + subject + " unwrapped to " + material.length
                        + " bytes, not " + SubjectKey.MATERIAL_BYTES + ": the KeyProvider does not return what it wrapped");
            }
            return SubjectKey.of(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }
}
