package dev.annals.spi;

import dev.annals.spi.support.GroupCommit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The byte-level storage a backend implements once: the sum of its roles ({@link EventStorage},
 * {@link GlobalLog}, {@link SnapshotStorage}, {@link StoreInspection}). Everything typed (ids,
 * serialization, upcasting, snapshot hashes, policies, the repository) lives above it and is shared.
 *
 * <p>Streams are named by plain strings ({@code category-id}); versions are 0-based; global
 * positions start at 1 and increase strictly in commit order (see {@link GlobalLog}).
 *
 * <h2>Arguments</h2>
 * A backend is always called through {@code Annals}, which checks every argument once, in one
 * place, before it reaches the backend. A backend may therefore rely on:
 * <ul>
 *   <li>no argument is null, except {@code afterStream} of {@link StoreInspection#listStreams};</li>
 *   <li>stream names are well-formed Unicode, hold no NUL and are at most
 *       {@link dev.annals.Limits#MAX_STREAM_NAME_BYTES} UTF-8 bytes;</li>
 *   <li>{@code limit} is at least 1 (the API refuses a limit below 1 with
 *       {@code InvalidArgumentException});</li>
 *   <li>{@code afterVersion} is at least -1 and {@code afterPosition} at least 0 (the API reads a
 *       negative one as "from the start");</li>
 *   <li>{@code beforePosition} is at least 2 (the API answers lower ones with an empty page itself);</li>
 *   <li>{@code retain} is at least 1, a snapshot version at least 0.</li>
 * </ul>
 * {@link AppendRequest}, {@link NewEvent} and {@link StoredSnapshot} check their own fields and
 * the size limits of {@link dev.annals.Limits} when they are made.
 *
 * <p>Implementations are thread-safe: any number of threads may call any method at once.
 */
public interface StorageBackend extends EventStorage, GlobalLog, SnapshotStorage, StoreInspection, StreamRemoval, AutoCloseable {

    /** What this backend supports beyond the roles every backend has; none by default. */
    default Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    /** The subscription role, when the backend has it. */
    default Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.empty();
    }

    /** Checkpoints in the same transaction as a projection's writes (exactly-once), when the backend can. */
    default Optional<TransactionalCheckpoints> transactionalCheckpoints() {
        return Optional.empty();
    }

    /**
     * The group commit the backend's writes go through, for its batch sizes to be observed
     * ({@link GroupCommit#observeBatches}); empty when the backend has none (the default).
     */
    default Optional<GroupCommit<?, ?>> groupCommit() {
        return Optional.empty();
    }

    /**
     * The connection pool the backend opened itself and owns, for its own metrics to be bound; empty when it has
     * none or uses a pool its caller gave it (the default). The caller must not close or reconfigure it.
     */
    default Optional<DataSource> ownedPool() {
        return Optional.empty();
    }

    /** The data keys of crypto-shredding ({@link Capability#KEY_STORAGE}), when the backend keeps them. */
    default Optional<KeyStorage> keyStorage() {
        return Optional.empty();
    }

    @Override
    void close();
}
