package dev.annals.serialization;

import dev.annals.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The data key of one subject, unwrapped: an 8-byte id (stored beside every value it seals, so that a
 * value sealed with a key since forgotten is told from a damaged one), the AES-256 key, and a nonce
 * key derived from it for {@link PersonalDataCipher}'s synthetic nonces. Immutable and thread-safe.
 */
public final class SubjectKey {

    /** Bytes of a key's id. */
    public static final int ID_BYTES = 8;
    /** Bytes of the AES-256 key. */
    public static final int KEY_BYTES = 32;
    /** Bytes of a key's material, as it is wrapped: its id, then the AES key. */
    public static final int MATERIAL_BYTES = ID_BYTES + KEY_BYTES;

    private final byte[] id;
    private final SecretKeySpec aes;
    private final SecretKeySpec nonceKey;

    private SubjectKey(byte[] id, SecretKeySpec aes, SecretKeySpec nonceKey) {
        this.id = id;
        this.aes = aes;
        this.nonceKey = nonceKey;
    }

    /** The key whose material (id, then AES key) is {@code material}. */
    public static SubjectKey of(byte[] material) {
        InvalidArgumentException.require(material.length == MATERIAL_BYTES,
                () -> "a data key's material is " + MATERIAL_BYTES + " bytes, not " + material.length);
        byte[] key = Arrays.copyOfRange(material, ID_BYTES, MATERIAL_BYTES);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] derived = mac.doFinal("annals nonce key".getBytes(StandardCharsets.UTF_8));
            return new SubjectKey(Arrays.copyOf(material, ID_BYTES), new SecretKeySpec(key, "AES"),
                    new SecretKeySpec(derived, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    byte[] id() {
        return id;
    }

    /** Whether this is the key with id {@code keyId} (the first {@link #ID_BYTES} of a sealed value). */
    public boolean hasId(byte[] keyId) {
        return Arrays.equals(id, keyId);
    }

    SecretKeySpec aes() {
        return aes;
    }

    SecretKeySpec nonceKey() {
        return nonceKey;
    }

    @Override
    public String toString() {
        return "SubjectKey[hidden]";
    }
}
