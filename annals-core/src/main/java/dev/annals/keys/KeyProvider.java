package dev.annals.keys;

/**
 * Wraps and unwraps the data keys of a store with the application's master key. A data key
 * (AES-256, one per subject) is stored in the store only wrapped; the master key never is. Bind
 * the wrapped form to {@code subject}, so that a wrapped key moved to another subject fails to
 * unwrap. An implementation may keep the master key in a KMS or HSM and call it here.
 *
 * <p>Implementations are thread-safe.
 */
public interface KeyProvider {

    /** The wrapped (encrypted and authenticated) form of {@code dataKey}, the key of {@code subject}. */
    byte[] wrap(String subject, byte[] dataKey);

    /**
     * The data key of {@code subject} from its wrapped form.
     *
     * @throws dev.annals.MasterKeyException when this master key does not open it (another master
     *     key wrapped it, or the bytes were changed)
     */
    byte[] unwrap(String subject, byte[] wrappedKey);

    /** A provider wrapping with {@code masterKey}, 32 bytes of an AES-256 key; see {@link MasterKey}. */
    static KeyProvider of(byte[] masterKey) {
        return new MasterKey(masterKey);
    }
}
