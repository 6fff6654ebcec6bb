package dev.annals.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over (stream, version, serialized state), so that a snapshot altered in any of the
 * three, or moved to another aggregate or version, no longer matches its hash.
 */
public final class SnapshotHash {

    private SnapshotHash() {
    }

    public static String of(String stream, long version, byte[] state) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] name = stream.getBytes(StandardCharsets.UTF_8);
            digest.update(ByteBuffer.allocate(4).putInt(name.length).array());
            digest.update(name);
            digest.update(ByteBuffer.allocate(8).putLong(version).array());
            digest.update(state);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
