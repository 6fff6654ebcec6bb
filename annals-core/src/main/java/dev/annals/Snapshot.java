package dev.annals;

import java.time.Instant;

/**
 * The state of an aggregate after the event with {@code version} was applied. The store verifies
 * the state's integrity hash and schema fingerprint on every read and keeps both itself.
 */
public record Snapshot<ID, S>(ID aggregateId, long version, S state, Instant createdAt) {

    public Snapshot {
        InvalidArgumentException.requireNonNull(aggregateId, "snapshot aggregate id");
        InvalidArgumentException.requireNonNull(state, "snapshot state");
        Limits.checkTime(createdAt, "snapshot createdAt");
        InvalidArgumentException.require(version >= 0, () -> "snapshot version must be >= 0, was " + version);
    }

    /** A snapshot taken now. */
    public static <ID, S> Snapshot<ID, S> of(ID aggregateId, long version, S state) {
        return new Snapshot<>(aggregateId, version, state, Instant.now());
    }

    /** A snapshot taken at {@code createdAt}. */
    public static <ID, S> Snapshot<ID, S> of(ID aggregateId, long version, S state, Instant createdAt) {
        return new Snapshot<>(aggregateId, version, state, createdAt);
    }
}
