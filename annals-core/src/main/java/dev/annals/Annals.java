package dev.annals;

import dev.annals.internal.TypedEventLog;
import dev.annals.internal.TypedEventStore;
import dev.annals.internal.TypedSnapshotStore;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * An opened store: one backend, shared by the typed event stores, snapshot stores and the event
 * log of every aggregate type. Open it once per application and close it at shutdown.
 *
 * <pre>{@code
 * try (Annals annals = Annals.open("sqlite:./data/annals.db")) {
 *     EventStore<UUID, TicketEvent> tickets = annals.eventStore(TICKETS);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Annals implements AutoCloseable {

    private final StorageBackend backend;

    /** Wraps a backend opened by its constructor. */
    public Annals(StorageBackend backend) {
        this.backend = InvalidArgumentException.requireNonNull(backend, "backend");
    }

    /**
     * Opens the backend that accepts {@code url}: {@code memory:}, {@code sqlite:PATH},
     * {@code postgresql://…}, … (the backends on the class path).
     *
     * @throws StoreOpenException when no backend accepts the URL or the store cannot be opened
     */
    public static Annals open(String url) {
        InvalidArgumentException.requireNonNull(url, "store URL");
        List<String> forms = new ArrayList<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, Annals.class.getClassLoader())) {
            if (provider.accepts(url)) {
                return new Annals(provider.open(url));
            }
            forms.add(provider.urlForm());
        }
        throw new StoreOpenException("No backend accepts the store URL '" + url + "'; known forms: " + String.join(", ", forms));
    }

    /** The event streams of one aggregate type. */
    public <ID, E> EventStore<ID, E> eventStore(StreamCategory<ID, E> category) {
        return new TypedEventStore<>(backend, InvalidArgumentException.requireNonNull(category, "category"));
    }

    /** The snapshots of one aggregate type, keeping the newest one per aggregate. */
    public <ID, S> SnapshotStore<ID, S> snapshotStore(StreamCategory<ID, ?> category, Class<S> stateType) {
        return snapshotStore(category, stateType, 1);
    }

    /** The snapshots of one aggregate type, keeping the newest {@code retain} per aggregate. */
    public <ID, S> SnapshotStore<ID, S> snapshotStore(StreamCategory<ID, ?> category, Class<S> stateType, int retain) {
        InvalidArgumentException.require(retain >= 1, "snapshot retention must be >= 1, was " + retain);
        return new TypedSnapshotStore<>(backend, InvalidArgumentException.requireNonNull(category, "category"),
                InvalidArgumentException.requireNonNull(stateType, "state type"), retain);
    }

    /**
     * The snapshots of one aggregate type that has no event store here (a snapshot store on its own):
     * stream names are {@code categoryName-id}, as for a {@link StreamCategory} of that name.
     */
    public <ID, S> SnapshotStore<ID, S> snapshotStore(String categoryName, IdCodec<ID> ids, Class<S> stateType, int retain) {
        return snapshotStore(StreamCategory.snapshotsOnly(categoryName, ids), stateType, retain);
    }

    /**
     * The global log. Events of the given categories are decoded into their classes; events of
     * other categories come with their payload as a Jackson {@code JsonNode}, so nothing is skipped.
     */
    public EventLog eventLog(StreamCategory<?, ?>... categories) {
        return new TypedEventLog(backend, List.of(categories));
    }

    /** The byte-level backend, for tools and backends' own tests. */
    public StorageBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "Annals[" + backend.describe() + "]";
    }
}
