package dev.annals.internal;

import dev.annals.StreamState;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A SHA-256 over what a copy must keep unchanged: each event's stream, id, version, type, schema version,
 * recorded-at, metadata and payload (not its position, which each store gives itself), or each snapshot's
 * stream, version, created-at, fingerprint, hash and state; every field length-prefixed, so that no two
 * sequences give the same bytes. Not thread-safe.
 */
final class CopyDigest {

    private final MessageDigest sha256;
    private final ByteBuffer numbers = ByteBuffer.allocate(8);
    private long count;

    CopyDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    void add(StoredEvent event) {
        text(event.stream());
        number(event.eventId().getMostSignificantBits());
        number(event.eventId().getLeastSignificantBits());
        number(event.version());
        text(event.type());
        number(event.schemaVersion());
        time(event.recordedAt());
        bytes(event.metadata());
        bytes(event.payload());
        count++;
    }

    void add(StoredSnapshot snapshot) {
        text(snapshot.stream());
        number(snapshot.version());
        time(snapshot.createdAt());
        text(snapshot.fingerprint());
        text(snapshot.hash());
        bytes(snapshot.state());
        count++;
    }

    /** Adds a stream's marks (not its last version, which the events and the stream's version cover). */
    void add(String stream, StreamState state) {
        text(stream);
        number(state.deletedBefore());
        number(state.truncatedBefore());
        number(state.hardDeleted() ? 1 : 0);
        count++;
    }

    /** How many events, snapshots or states were added. */
    long count() {
        return count;
    }

    /** The digest, hex; ends this digest. */
    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void time(Instant time) {
        number(time.getEpochSecond());
        number(time.getNano());
    }

    private void number(long value) {
        sha256.update(numbers.clear().putLong(value).array());
    }

    private void text(String value) {
        bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] value) {
        number(value.length);
        sha256.update(value);
    }
}
