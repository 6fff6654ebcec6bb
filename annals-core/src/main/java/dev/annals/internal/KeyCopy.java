package dev.annals.internal;

import dev.annals.CopyTargetNotEmptyException;
import dev.annals.Limits;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The data keys of crypto-shredding, copied as part of a store copy: every wrapped key of the source, as
 * its bytes are (the target is then read with the same master key). Keys go before the events, so that no
 * copied event holds sealed values whose key the target lacks, also after an interrupted copy: a sealed
 * value without its key would read as forgotten, a silent loss. Keys of every subject are copied whatever
 * the categories, since a subject need not be a stream; a key whose data is not copied decrypts nothing.
 */
final class KeyCopy {

    private static final int PAGE = 500;

    private final StorageBackend source;
    private final StorageBackend target;

    KeyCopy(StorageBackend source, StorageBackend target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Refuses, before anything is written, a copy of a source holding keys to a target that cannot keep them.
     *
     * @throws UnsupportedCapabilityException naming the target and {@link Capability#KEY_STORAGE}
     */
    void requireRoom() {
        boolean sourceHasKeys = source.keyStorage().map(keys -> !keys.keys(null, 1).isEmpty()).orElse(false);
        if (sourceHasKeys && target.keyStorage().isEmpty()) {
            throw new UnsupportedCapabilityException(Capability.KEY_STORAGE, target.describe()
                    + " (the source holds data keys of personal data, which the copy must carry; nothing was copied)");
        }
    }

    /**
     * Copies every key the target does not hold yet; returns how many keys the source holds.
     *
     * @throws CopyTargetNotEmptyException when the target holds another key for one of the subjects
     */
    long copyAll() {
        Optional<KeyStorage> from = source.keyStorage();
        if (from.isEmpty()) {
            return 0;
        }
        KeyStorage to = target.keyStorage().orElseThrow(() -> new UnsupportedCapabilityException(Capability.KEY_STORAGE,
                target.describe()));
        long count = 0;
        @Nullable String after = null;
        while (true) {
            List<StoredKey> page = from.get().keys(after, PAGE);
            if (page.isEmpty()) {
                return count;
            }
            for (StoredKey key : page) {
                byte[] held = to.putIfAbsent(key.subject(), key.wrappedKey());
                if (!Arrays.equals(held, key.wrappedKey())) {
                    throw new CopyTargetNotEmptyException(target.describe(), "it holds another data key for subject "
                            + Limits.shown(key.subject()));
                }
                count++;
            }
            after = page.get(page.size() - 1).subject();
        }
    }
}
