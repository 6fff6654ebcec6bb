package dev.annals;

import dev.annals.internal.SnapshotHash;
import dev.annals.serialization.SchemaFingerprint;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

        private Folding(VerifiableAggregate<ID, E, S> aggregate, EventStore<ID, E> events) {
            this.aggregate = aggregate;
            this.events = events;
            this.fingerprint = SchemaFingerprint.of(aggregate.stateType());
        }

        static <ID, E, S> Folding<ID, E, S> of(Annals annals, VerifiableAggregate<ID, E, S> aggregate) {
            return new Folding<>(aggregate, annals.eventStore(aggregate.category()));
        }

        /** What is wrong with {@code snapshot}, whose hash holds; null when nothing is. */
        @Nullable String problem(StoredSnapshot snapshot) {
            if (!fingerprint.equals(snapshot.fingerprint())) {
                return "schema fingerprint " + snapshot.fingerprint() + " is not that of " + aggregate.stateType().getName()
                        + " (" + fingerprint + ")";
            }
            S stored = aggregate.category().codec().read(snapshot.state(), aggregate.stateType());
            ID id = aggregate.category().idOf(snapshot.stream());
            AggregateRoot<ID, E> fresh = aggregate.newAggregate(id);
            try (Stream<RecordedEvent<E>> stream = events.readStream(id, -1)) {
                Iterator<RecordedEvent<E>> iterator = stream.iterator();
                while (fresh.version() < snapshot.version() && iterator.hasNext()) {
                    fresh.replay(iterator.next().event());
                }
            }
            if (fresh.version() < snapshot.version()) {
                return "the stream ends at version " + fresh.version() + ", before the snapshot's";
            }
            S folded = aggregate.stateOf(fresh);
            if (!stored.equals(folded)) {
                return "state differs from a fold of the events: snapshot " + stored + ", fold " + folded;
            }
            return null;
        }
    }
}
