package dev.annals.memory;

import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The key role of the memory backend: wrapped keys in a sorted map. A deleted key's array is
 * overwritten with zeros at once, so {@link #eraseDeleted} has nothing left to do. Thread-safe.
 */
final class MemoryKeys implements KeyStorage {

    private final TreeMap<String, byte[]> keys = new TreeMap<>();

    @Override
    public synchronized byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        return keys.computeIfAbsent(subject, s -> wrappedKey.clone()).clone();
    }

    @Override
    public synchronized Optional<byte[]> find(String subject) {
        return Optional.ofNullable(keys.get(subject)).map(byte[]::clone);
    }

    @Override
    public synchronized boolean delete(String subject) {
        byte[] removed = keys.remove(subject);
        if (removed == null) {
            return false;
        }
        Arrays.fill(removed, (byte) 0);
        return true;
    }

    @Override
    public void eraseDeleted() {
        // deleted keys were overwritten when deleted
    }

    @Override
    public synchronized List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        Map<String, byte[]> after = afterSubject == null ? keys : keys.tailMap(afterSubject, false);
        List<StoredKey> page = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : after.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new StoredKey(entry.getKey(), entry.getValue().clone()));
        }
        return page;
    }
}
