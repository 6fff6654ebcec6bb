package dev.annals.spi;

/** What a backend may or may not support; the conformance kit runs the tests of a capability only where it is declared. */
public enum Capability {

    /** {@link EventStorage#appendAll}: one transaction over several streams. */
    MULTI_STREAM_APPEND,

    /** {@link SubscriptionStorage}: checkpoints, leases and parked events for subscriptions. */
    SUBSCRIPTIONS,

    /** {@link TransactionalCheckpoints}: exactly-once projections. */
    TRANSACTIONAL_CHECKPOINTS,

    /** {@link BackendProvider#scratch}: a fresh store beside a given one, removed afterwards (for measurements). */
    SCRATCH_STORES,

    /** {@link StreamRemoval#deleteStream}: soft and hard deletes of a stream. */
    DELETE_STREAMS,

    /** {@link StreamRemoval#truncateBefore}: removing the events of a stream below a snapshot. */
    TRUNCATE_STREAMS,

    /** {@link StorageBackend#keyStorage}: the wrapped data keys of crypto-shredding, destroyed by {@code forget}. */
    KEY_STORAGE
}
