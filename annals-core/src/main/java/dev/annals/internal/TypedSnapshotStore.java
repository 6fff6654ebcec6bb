package dev.annals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.InvalidArgumentException;
import dev.annals.MasterKeyException;
import dev.annals.SerializationException;
import dev.annals.SnapshotUnreadableException;
import dev.annals.Snapshot;
import dev.annals.SnapshotIntegrityException;
import dev.annals.SnapshotSchemaMismatchException;
import dev.annals.SnapshotStore;
import dev.annals.StreamCategory;
import dev.annals.serialization.JsonCodec;
import dev.annals.serialization.PersonalDataCipher;
import dev.annals.serialization.PersonalFields;
import dev.annals.serialization.SchemaFingerprint;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SnapshotStore} of one category over a byte-level backend: serializes the state,
 * hashes it with its identity and verifies the hash and schema fingerprint on every read.
 * {@link dev.annals.PersonalData} values of the state are sealed (random nonces) with the cipher
 * given; a snapshot holding a value of a forgotten subject is cleared when it is read, and reads as
 * none, so the repository replays the events instead. Thread-safe.
 */
public final class TypedSnapshotStore<ID, S> implements SnapshotStore<ID, S> {

    private final StorageBackend backend;
    private final StreamCategory<ID, ?> category;
    private final Class<S> stateType;
    private final int retain;
    private final String fingerprint;
    private final JsonCodec codec;
    private final PersonalFields personal;
    private final @Nullable PersonalDataCipher cipher;

    public TypedSnapshotStore(StorageBackend backend, StreamCategory<ID, ?> category, JsonCodec codec, Class<S> stateType,
            int retain) {
        this(backend, category, codec, stateType, retain, null);
    }

    /** A store sealing the personal data of states with {@code cipher} (null: none, and states with personal data are refused). */
    public TypedSnapshotStore(StorageBackend backend, StreamCategory<ID, ?> category, JsonCodec codec, Class<S> stateType,
            int retain, @Nullable PersonalDataCipher cipher) {
        this.personal = PersonalFields.of(stateType);
        this.cipher = cipher;
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
        byte[] bytes = sealed(stream, codec.write(state));
        backend.saveSnapshot(new StoredSnapshot(stream, snapshot.version(), snapshot.createdAt(), fingerprint,
                SnapshotHash.of(stream, snapshot.version(), bytes), bytes), retain);
    }

    @Override
    public Optional<Snapshot<ID, S>> getLatestSnapshot(ID aggregateId) {
        // the newest at or before any version: one indexed read on every backend, where listing reads all kept
        return backend.snapshotAtOrBefore(category.streamName(aggregateId), Long.MAX_VALUE).flatMap(stored -> decode(aggregateId, stored));
    }

    @Override
    public Optional<Snapshot<ID, S>> getSnapshotAtOrBefore(ID aggregateId, long version) {
        String stream = category.streamName(aggregateId);
        if (version < 0) {
            return Optional.empty(); // no snapshot has a negative version
        }
        return backend.snapshotAtOrBefore(stream, version).flatMap(stored -> decode(aggregateId, stored));
    }

    @Override
    public void clearSnapshots(ID aggregateId) {
        backend.clearSnapshots(category.streamName(aggregateId));
    }

    private byte[] sealed(String stream, byte[] json) {
        if (personal.isEmpty()) {
            return json;
        }
        if (cipher == null) {
            throw new MasterKeyException("Snapshot state " + stateType.getName() + " has @PersonalData values, and the store was "
                    + "opened without a KeyProvider; open it with Annals.open(url, keyProvider) to store them encrypted");
        }
        try {
            ObjectNode tree = (ObjectNode) codec.mapper().readTree(json);
            cipher.seal(tree, personal, stream, null, codec.mapper());
            return codec.mapper().writeValueAsBytes(tree);
        } catch (IOException | ClassCastException e) {
            throw new SerializationException("Cannot seal the personal data of " + stateType.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot; empty when it held personal data of a forgotten subject (it is cleared then). */
    private Optional<Snapshot<ID, S>> decode(ID aggregateId, StoredSnapshot stored) {
        String actual = SnapshotHash.of(stored.stream(), stored.version(), stored.state());
        if (!actual.equals(stored.hash())) {
            throw new SnapshotIntegrityException(stored.stream(), stored.version(), stored.hash(), actual);
        }
        if (!fingerprint.equals(stored.fingerprint())) {
            throw new SnapshotSchemaMismatchException(stored.stream(), stored.version(), stored.fingerprint(), fingerprint);
        }
        Optional<S> state = readState(stored, codec, stateType, cipher);
        if (state.isEmpty()) {
            backend.clearSnapshots(stored.stream());
            return Optional.empty();
        }
        return Optional.of(new Snapshot<>(aggregateId, stored.version(), state.get(), stored.createdAt()));
    }

    /**
     * The state of {@code stored}, read with {@code codec} as {@code stateType}, its sealed personal values opened
     * with {@code cipher}: the one way a snapshot's state is read (the repository's loads, {@code annals verify}).
     * Its hash and fingerprint are the caller's to check first.
     *
     * @return empty when the state holds personal data of a forgotten subject (such a snapshot must not be used)
     * @throws MasterKeyException when the state holds sealed values and {@code cipher} is null, or the master key is wrong
     * @throws SnapshotUnreadableException when the state does not read as {@code stateType}
     */
    public static <S> Optional<S> readState(StoredSnapshot stored, JsonCodec codec, Class<S> stateType,
            @Nullable PersonalDataCipher cipher) {
        try {
            if (PersonalDataCipher.mayHoldSealed(stored.state())) {
                JsonNode tree = codec.mapper().readTree(stored.state());
                if (PersonalDataCipher.holdsSealed(tree)) {
                    if (cipher == null) {
                        throw new MasterKeyException("The snapshot of stream " + stored.stream() + " at version " + stored.version()
                                + " holds encrypted personal data, and the store was opened without a KeyProvider");
                    }
                    if (cipher.open(tree, codec.mapper()) > 0) {
                        return Optional.empty();
                    }
                }
                return Optional.of(codec.mapper().treeToValue(tree, stateType));
            }
            return Optional.of(codec.read(stored.state(), stateType));
        } catch (SerializationException | IOException e) {
            throw new SnapshotUnreadableException(stored.stream(), stored.version(), e);
        }
    }

    /** Whether {@code state}, a stored snapshot state, holds sealed personal values. */
    public static boolean holdsSealed(byte[] state, JsonCodec codec) {
        if (!PersonalDataCipher.mayHoldSealed(state)) {
            return false;
        }
        try {
            return PersonalDataCipher.holdsSealed(codec.mapper().readTree(state));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "SnapshotStore[" + category.name() + " on " + backend.describe() + "]";
    }
}
