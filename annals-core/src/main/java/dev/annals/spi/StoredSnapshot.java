package dev.annals.spi;

import java.time.Instant;
import java.util.Objects;

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
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(state, "state");
        if (version < 0) {
            throw new dev.annals.InvalidArgumentException("snapshot version must be >= 0, was " + version);
        }
    }
}
