package dev.annals.sqlite;

import dev.annals.StorageException;

import dev.annals.InvalidArgumentException;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** How values are packed into compact columns: UUIDs as 16 bytes, instants as nanoseconds since the epoch. Stateless. */
final class Columns {

    private static final byte[] EMPTY = new byte[0];
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Columns() {
    }

    static byte[] uuid(UUID id) {
        byte[] bytes = new byte[16];
        putLong(bytes, 0, id.getMostSignificantBits());
        putLong(bytes, 8, id.getLeastSignificantBits());
        return bytes;
    }

    /** The UUID of a stored 16-byte id; a damaged value is a {@code StorageException}, never a crash. */
    static UUID uuid(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length != 16) {
            throw new StorageException("A stored event id is damaged: expected 16 bytes, found "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new UUID(getLong(bytes, 0), getLong(bytes, 8));
    }

    /**
     * Nanoseconds since the epoch, which a 64-bit column holds for the years 1677 to 2262.
     *
     * @throws InvalidArgumentException for an instant outside that range
     */
    static long nanos(Instant instant, String what) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidArgumentException(what + " " + instant + " is outside the years 1677 to 2262 that the SQLite store holds");
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** Empty metadata is stored as NULL. */
    static byte @Nullable [] orNull(byte[] bytes) {
        return bytes.length == 0 ? null : bytes;
    }

    static byte[] orEmpty(byte @Nullable [] bytes) {
        return bytes == null ? EMPTY.clone() : bytes;
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long getLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
