package dev.annals.spi;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.time.Instant;

/**
 * A snapshot as a backend stores it.
 *
 * @param fingerprint the schema fingerprint of the state type
 * @param hash SHA-256 over (stream, version, state), hex; computed and verified above the SPI
 * @param state the serialized state
 */
public record StoredSnapshot(
        String stream, long version, Instant createdAt, String fingerprint, String hash, byte[] state) {

    public StoredSnapshot {
        Limits.checkStreamName(stream, "stream name");
        Limits.checkTime(createdAt, "snapshot createdAt");
        InvalidArgumentException.requireNonNull(fingerprint, "fingerprint");
        InvalidArgumentException.requireNonNull(hash, "hash");
        InvalidArgumentException.require(fingerprint.indexOf(0) < 0 && hash.indexOf(0) < 0, "a snapshot's fingerprint and hash hold no NUL");
        InvalidArgumentException.requireNonNull(state, "state");
        InvalidArgumentException.require(version >= 0, () -> "snapshot version must be >= 0, was " + version);
    }
}
