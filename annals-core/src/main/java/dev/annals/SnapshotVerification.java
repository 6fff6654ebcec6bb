package dev.annals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.internal.SnapshotHash;
import dev.annals.internal.TypedSnapshotStore;
import dev.annals.serialization.JsonCodec;
import dev.annals.serialization.PersonalDataCipher;
import dev.annals.serialization.SchemaFingerprint;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Checks stored snapshots. Every snapshot's SHA-256 over (stream, version, state) is checked; for a
 * category named by one of the given {@link VerifiableAggregate}s, its schema fingerprint is also
 * compared with that of the state class, and its state with the state of a fresh aggregate folded
 * over the stream's events up to the snapshot's version ({@code equals}). What was checked is part
 * of each {@link Result}. Read-only. Thread-safe.
 */
public final class SnapshotVerification {

    private static final int PAGE = 1000;

    /** What was checked of one snapshot. */
    public enum Checks {
        /** Its hash only: no aggregate type is known for its category. */
        HASH,
        /** Its hash, its schema fingerprint, and its state against a fold of the events. */
        HASH_FINGERPRINT_AND_FOLD
    }

    /**
     * One snapshot checked.
     *
     * @param category the category of its stream: the stream name up to its first {@code -}
     * @param ok whether every check in {@code checks} passed
     * @param detail {@code ok}, or what failed
     */
    public record Result(String stream, String category, long version, Checks checks, boolean ok, String detail) {
    }

    private final StorageBackend backend;
    private final Map<String, Folding<?, ?, ?>> byCategory = new HashMap<>();

    /**
     * @throws InvalidArgumentException when two of {@code aggregates} share a category
     */
    public SnapshotVerification(Annals annals, Collection<? extends VerifiableAggregate<?, ?, ?>> aggregates) {
        InvalidArgumentException.requireNonNull(annals, "annals");
        InvalidArgumentException.requireNonNull(aggregates, "aggregates");
        this.backend = annals.backend();
        for (VerifiableAggregate<?, ?, ?> aggregate : aggregates) {
            InvalidArgumentException.requireNonNull(aggregate, "aggregate");
            String name = aggregate.category().name();
            InvalidArgumentException.require(byCategory.put(name, Folding.of(annals, aggregate)) == null,
                    "category " + name + " is named by two aggregate types");
        }
    }

    /** The categories whose snapshots are also checked by fingerprint and fold. */
    public Set<String> foldedCategories() {
        return Set.copyOf(byCategory.keySet());
    }

    /** The category of {@code stream}: its name up to the first {@code -} (all of it when it has none). */
    public static String categoryOf(String stream) {
        int dash = stream.indexOf('-');
        return dash < 0 ? stream : stream.substring(0, dash);
    }

    /** Checks every snapshot of {@code stream}, newest first; none when it has no snapshots. */
    public List<Result> verify(String stream) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        List<Result> results = new ArrayList<>();
        for (StoredSnapshot snapshot : backend.snapshots(stream)) {
            results.add(verify(snapshot));
        }
        return results;
    }

    /** Checks every snapshot of every stream with events, in stream name order, handing each result to {@code sink}. */
    public void verifyAll(Consumer<Result> sink) {
        InvalidArgumentException.requireNonNull(sink, "sink");
        @Nullable String after = null;
        List<StreamInfo> page;
        do {
            page = backend.listStreams(after, PAGE);
            for (StreamInfo info : page) {
                if (info.snapshots() > 0) {
                    verify(info.stream()).forEach(sink);
                }
                after = info.stream();
            }
        } while (page.size() == PAGE);
    }

    /**
     * The state of a fresh aggregate of {@code stream}'s category folded over its events up to {@code version},
     * written as its snapshot state would be (JSON): what a snapshot at that version should hold, to show how
     * one that fails the fold check differs. Empty when no aggregate type is known for the category.
     *
     * @throws InvalidArgumentException when the stream ends before {@code version}
     */
    public Optional<JsonNode> foldedState(String stream, long version) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        Folding<?, ?, ?> folding = byCategory.get(categoryOf(stream));
        return folding == null ? Optional.empty() : Optional.of(folding.foldedState(stream, version));
    }

    /** One snapshot; whatever is wrong with it (a damaged state, an event that no longer reads) is a result, not a failure. */
    private Result verify(StoredSnapshot snapshot) {
        String category = categoryOf(snapshot.stream());
        Folding<?, ?, ?> folding = byCategory.get(category);
        Checks checks = folding == null ? Checks.HASH : Checks.HASH_FINGERPRINT_AND_FOLD;
        String computed = SnapshotHash.of(snapshot.stream(), snapshot.version(), snapshot.state());
        if (!computed.equals(snapshot.hash())) {
            return new Result(snapshot.stream(), category, snapshot.version(), checks, false,
                    "hash mismatch: stored " + abbreviate(snapshot.hash()) + ", computed " + abbreviate(computed));
        }
        if (folding == null) {
            return new Result(snapshot.stream(), category, snapshot.version(), checks, true, "ok");
        }
        if (folding.cipher == null && TypedSnapshotStore.holdsSealed(snapshot.state(), folding.aggregate.category().codec())) {
            return new Result(snapshot.stream(), category, snapshot.version(), Checks.HASH, true,
                    "sealed, not checked (its personal data needs the store's master key)");
        }
        @Nullable String problem;
        try {
            problem = folding.problem(snapshot);
        } catch (RuntimeException e) {
            problem = "cannot be checked: " + e.getMessage();
        }
        return new Result(snapshot.stream(), category, snapshot.version(), checks, problem == null, problem == null ? "ok" : problem);
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
    }

    @Override
    public String toString() {
        return "SnapshotVerification[" + backend.describe() + ", folding " + byCategory.keySet() + "]";
    }

    /** The fingerprint and fold check of one aggregate type. */
    private static final class Folding<ID, E, S> {

        private final VerifiableAggregate<ID, E, S> aggregate;
        private final EventStore<ID, E> events;
        private final String fingerprint;
        /** Opens the sealed personal values of states as the repository does; null when the store has no master key. */
        private final @Nullable PersonalDataCipher cipher;

        private Folding(VerifiableAggregate<ID, E, S> aggregate, EventStore<ID, E> events, @Nullable PersonalDataCipher cipher) {
            this.aggregate = aggregate;
            this.events = events;
            this.fingerprint = SchemaFingerprint.of(aggregate.stateType());
            this.cipher = cipher;
        }

        static <ID, E, S> Folding<ID, E, S> of(Annals annals, VerifiableAggregate<ID, E, S> aggregate) {
            return new Folding<>(aggregate, annals.eventStore(aggregate.category()), annals.cipher());
        }

        /** What is wrong with {@code snapshot}, whose hash holds; null when nothing is. */
        @Nullable String problem(StoredSnapshot snapshot) {
            if (!fingerprint.equals(snapshot.fingerprint())) {
                return "schema fingerprint " + snapshot.fingerprint() + " is not that of " + aggregate.stateType().getName()
                        + " (" + fingerprint + ")";
            }
            Optional<S> opened = TypedSnapshotStore.readState(snapshot, aggregate.category().codec(), aggregate.stateType(), cipher);
            if (opened.isEmpty()) {
                return "holds personal data of a forgotten subject, so the repository clears it when it reads it";
            }
            S stored = opened.get();
            AggregateRoot<ID, E> fresh = fold(snapshot.stream(), snapshot.version());
            if (fresh.version() < snapshot.version()) {
                return "the stream ends at version " + fresh.version() + ", before the snapshot's";
            }
            S folded = aggregate.stateOf(fresh);
            if (!stored.equals(folded)) {
                return "state differs from a fold of the events: snapshot " + stored + ", fold " + folded;
            }
            return null;
        }

        /** The folded state up to {@code version} as JSON, in the codec snapshots of the category are written with. */
        JsonNode foldedState(String stream, long version) {
            AggregateRoot<ID, E> fresh = fold(stream, version);
            InvalidArgumentException.require(fresh.version() >= version,
                    () -> "stream " + stream + " ends at version " + fresh.version() + ", before " + version);
            JsonCodec codec = aggregate.category().codec();
            try {
                return codec.mapper().readTree(codec.write(aggregate.stateOf(fresh)));
            } catch (IOException e) {
                throw new SerializationException("Cannot read the folded state of " + stream + " as JSON: " + e.getMessage(), e);
            }
        }

        /** A fresh aggregate of {@code stream} with its events replayed up to {@code version} (fewer when the stream ends first). */
        private AggregateRoot<ID, E> fold(String stream, long version) {
            ID id = aggregate.category().idOf(stream);
            AggregateRoot<ID, E> fresh = aggregate.newAggregate(id);
            try (Stream<RecordedEvent<E>> events = this.events.readStream(id, -1)) {
                Iterator<RecordedEvent<E>> iterator = events.iterator();
                while (fresh.version() < version && iterator.hasNext()) {
                    fresh.replay(iterator.next().event());
                }
            }
            return fresh;
        }
    }
}
