package dev.annals.instrumentation;

import dev.annals.spi.StorageBackend;
import dev.annals.subscription.Subscription;

/**
 * Where Annals reports what it does: appends, reads, repository loads and saves, subscription batches,
 * snapshots. Hand one to {@code Annals.open(url, instrumentation)}; {@code annals-observability} has one
 * for Micrometer and OpenTelemetry. Every method has a default that does nothing, so an implementation
 * overrides only what it records, and {@link #NONE} costs a virtual call per operation.
 *
 * <p>What is reported is never a stream name or an aggregate id: only categories, subscription names,
 * counts and outcomes, so each can be a metric tag (see {@link Operation}).
 *
 * <p>Implementations are thread-safe and must not throw: Annals calls them on its callers' and its
 * subscriptions' threads, in the middle of its operations.
 */
public interface Instrumentation {

    /** Reports nothing. */
    Instrumentation NONE = new Instrumentation() { };

    /** An operation starts on the calling thread; Annals ends the returned observation on the same thread. */
    default Observation start(Operation operation) {
        return Observation.NONE;
    }

    /**
     * Whether {@link Operation.Handle} should carry the trace contexts stored with the batch's events (reading
     * them costs a parse of each event's metadata, so it is done only when asked).
     */
    default boolean linksEvents() {
        return false;
    }

    /**
     * A store was opened with this instrumentation, before any operation on it. The backend is the one the
     * store runs on, for what only it has: its group commit ({@link StorageBackend#groupCommit()}) and the
     * connection pool it owns ({@link StorageBackend#ownedPool()}).
     */
    default void storeOpened(StoreInfo store, StorageBackend backend) {
    }

    /** A repository load of {@code category} found (or skipped) a snapshot; see {@link SnapshotLoadResult}. */
    default void snapshotLoad(String category, SnapshotLoadResult result) {
    }

    /** A repository wrote the snapshot its policy asked for ({@code stored}), or failed to ({@code !stored}). */
    default void snapshotWrite(String category, boolean stored) {
    }

    /** A subscription started in this process; its {@link Subscription#status()} tells its state and lag from now on. */
    default void subscriptionStarted(StoreInfo store, Subscription subscription) {
    }

    /** A subscription parked an event after its last try. */
    default void parked(String subscription, int partition) {
    }
}
