package dev.annals;

import dev.annals.serialization.SchemaFingerprint;
import java.time.Instant;

/**
 * The state of an aggregate after the event with {@code version} was applied.
 *
 * @param schemaFingerprint the fingerprint of the state type when the snapshot was taken
 */
public record Snapshot<ID, S>(ID aggregateId, long version, S state, Instant createdAt, String schemaFingerprint) {

    public Snapshot {
        InvalidArgumentException.requireNonNull(aggregateId, "snapshot aggregate id");
        InvalidArgumentException.requireNonNull(state, "snapshot state");
        InvalidArgumentException.requireNonNull(createdAt, "snapshot createdAt");
        InvalidArgumentException.requireNonNull(schemaFingerprint, "snapshot schema fingerprint");
        InvalidArgumentException.require(version >= 0, "snapshot version must be >= 0, was " + version);
    }

    /** A snapshot taken now, fingerprinted from the state's class. */
    public static <ID, S> Snapshot<ID, S> of(ID aggregateId, long version, S state) {
        return of(aggregateId, version, state, Instant.now());
    }

    /** A snapshot taken at {@code createdAt}, fingerprinted from the state's class. */
    public static <ID, S> Snapshot<ID, S> of(ID aggregateId, long version, S state, Instant createdAt) {
        InvalidArgumentException.requireNonNull(state, "snapshot state");
        return new Snapshot<>(aggregateId, version, state, createdAt, SchemaFingerprint.of(state.getClass()));
    }
}
