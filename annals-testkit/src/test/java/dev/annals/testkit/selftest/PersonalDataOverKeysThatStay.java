package dev.annals.testkit.selftest;

import dev.annals.Annals;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.PersonalDataContract;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PersonalDataContract} over a store whose key storage reports a key deleted but keeps it:
 * a {@code forget} that forgets nothing. Run by {@link ForgettingNothingIsCaughtTest}, never on its own.
 */
class PersonalDataOverKeysThatStay extends PersonalDataContract {

    /** Answers every read from the memory backend's keys, and deletes nothing. */
    private static final class KeysThatStay implements KeyStorage {
        private final KeyStorage keys;

        KeysThatStay(KeyStorage keys) {
            this.keys = keys;
        }

        @Override
        public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
            return keys.putIfAbsent(subject, wrappedKey);
        }

        @Override
        public Optional<byte[]> find(String subject) {
            return keys.find(subject);
        }

        @Override
        public boolean delete(String subject) {
            return keys.find(subject).isPresent();
        }

        @Override
        public void eraseDeleted() {
        }

        @Override
        public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
            return keys.keys(afterSubject, limit);
        }
    }

    private static final class Backend extends ForwardingBackend {
        private final KeyStorage keys;

        Backend(MemoryBackend memory) {
            super(memory);
            this.keys = new KeysThatStay(memory.keyStorage().orElseThrow());
        }

        @Override
        public Optional<KeyStorage> keyStorage() {
            return Optional.of(keys);
        }
    }

    private final Annals annals = new Annals(new Backend(new MemoryBackend()));

    @Override
    protected AnnalsFixture fixture() {
        return () -> annals;
    }
}
