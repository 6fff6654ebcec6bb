package dev.annals.keys;

import dev.annals.InvalidArgumentException;
import dev.annals.MasterKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} holding an AES-256 master key in memory: a wrapped key is a random 96-bit
 * nonce followed by the AES-GCM encryption of the data key, with the subject as associated data.
 * Thread-safe.
 */
public final class MasterKey implements KeyProvider {

    /** Bytes of a master key. */
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "annals data key\0".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param masterKey 32 bytes; copied */
    public MasterKey(byte[] masterKey) {
        InvalidArgumentException.requireNonNull(masterKey, "master key");
        if (masterKey.length != KEY_BYTES) {
            throw new MasterKeyException("a master key is " + KEY_BYTES + " bytes (AES-256), this one is " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    /** A new random master key, 32 bytes. */
    public static byte[] generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public byte[] wrap(String subject, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, subject);
            byte[] sealed = cipher.doFinal(dataKey);
            byte[] wrapped = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, wrapped, NONCE_BYTES, sealed.length);
            return wrapped;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform", e);
        }
    }

    @Override
    public byte[] unwrap(String subject, byte[] wrappedKey) {
        if (wrappedKey.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new MasterKeyException("the stored data key of subject " + subject + " is damaged: " + wrappedKey.length + " bytes");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(wrappedKey, NONCE_BYTES), subject);
            return cipher.doFinal(wrappedKey, NONCE_BYTES, wrappedKey.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new MasterKeyException("the master key does not open the data key of subject " + subject
                    + ": it is not the master key this store's keys were wrapped with (or the stored key was changed)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String subject) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(CONTEXT);
        cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "MasterKey[AES-256]";
    }
}
