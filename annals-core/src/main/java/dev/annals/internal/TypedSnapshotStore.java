package dev.annals.internal;

import dev.annals.InvalidArgumentException;
import dev.annals.SerializationException;
import dev.annals.SnapshotUnreadableException;
import dev.annals.Snapshot;
import dev.annals.SnapshotIntegrityException;
import dev.annals.SnapshotSchemaMismatchException;
import dev.annals.SnapshotStore;
import dev.annals.StreamCategory;
import dev.annals.serialization.JsonCodec;
import dev.annals.serialization.SchemaFingerprint;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import java.util.Optional;

/**
 * The {@link SnapshotStore} of one category over a byte-level backend: serializes the state,
 * hashes it with its identity and verifies the hash and schema fingerprint on every read.
 * Thread-safe.
 */
public final class TypedSnapshotStore<ID, S> implements SnapshotStore<ID, S> {

    private final StorageBackend backend;
    private final StreamCategory<ID, ?> category;
    private final Class<S> stateType;
    private final int retain;
    private final String fingerprint;
    private final JsonCodec codec;

    public TypedSnapshotStore(StorageBackend backend, StreamCategory<ID, ?> category, JsonCodec codec, Class<S> stateType,
            int retain) {
        this.backend = backend;
        this.category = category;
        this.stateType = stateType;
        this.retain = retain;
        this.fingerprint = SchemaFingerprint.of(stateType);
        this.codec = codec;
    }

    @Override
    public void saveSnapshot(Snapshot<ID, S> snapshot) {
        InvalidArgumentException.requireNonNull(snapshot, "snapshot");
        String stream = category.streamName(snapshot.aggregateId());
        Object state = snapshot.state();
        InvalidArgumentException.require(stateType.isInstance(state), () -> "snapshot state of class " + state.getClass().getName()
                + " is not a " + stateType.getName() + ": it belongs to another aggregate type than " + category.name());
        byte[] bytes = codec.write(state);
        backend.saveSnapshot(new StoredSnapshot(stream, snapshot.version(), snapshot.createdAt(), fingerprint,
                SnapshotHash.of(stream, snapshot.version(), bytes), bytes), retain);
    }

    @Override
    public Optional<Snapshot<ID, S>> getLatestSnapshot(ID aggregateId) {
        String stream = category.streamName(aggregateId);
        return backend.snapshots(stream).stream().findFirst().map(stored -> decode(aggregateId, stored));
    }

    @Override
    public Optional<Snapshot<ID, S>> getSnapshotAtOrBefore(ID aggregateId, long version) {
        String stream = category.streamName(aggregateId);
        if (version < 0) {
            return Optional.empty(); // no snapshot has a negative version
        }
        return backend.snapshotAtOrBefore(stream, version).map(stored -> decode(aggregateId, stored));
    }

    @Override
    public void clearSnapshots(ID aggregateId) {
        backend.clearSnapshots(category.streamName(aggregateId));
    }

    private Snapshot<ID, S> decode(ID aggregateId, StoredSnapshot stored) {
        String actual = SnapshotHash.of(stored.stream(), stored.version(), stored.state());
        if (!actual.equals(stored.hash())) {
            throw new SnapshotIntegrityException(stored.stream(), stored.version(), stored.hash(), actual);
        }
        if (!fingerprint.equals(stored.fingerprint())) {
            throw new SnapshotSchemaMismatchException(stored.stream(), stored.version(), stored.fingerprint(), fingerprint);
        }
        S state;
        try {
            state = codec.read(stored.state(), stateType);
        } catch (SerializationException e) {
            throw new SnapshotUnreadableException(stored.stream(), stored.version(), e);
        }
        return new Snapshot<>(aggregateId, stored.version(), state, stored.createdAt());
    }

    @Override
    public String toString() {
        return "SnapshotStore[" + category.name() + " on " + backend.describe() + "]";
    }
}
