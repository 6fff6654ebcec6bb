package dev.annals;

import dev.annals.internal.CheckedBackend;
import dev.annals.internal.TypedEventLog;
import dev.annals.internal.TypedEventStore;
import dev.annals.internal.TypedSnapshotStore;
import dev.annals.serialization.EventSerializer;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.Capability;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;
import dev.annals.subscription.Projection;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionHandler;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.Subscriptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

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

    /** Wraps a backend opened by its constructor (every call to it goes through the SPI's argument checks). */
    public Annals(StorageBackend backend) {
        this.backend = CheckedBackend.of(backend);
    }

    /**
     * Opens the backend that accepts {@code url}: {@code memory:}, {@code sqlite:PATH},
     * {@code postgresql://…}, … (the backends on the class path).
     *
     * @throws StoreOpenException when no backend accepts the URL or the store cannot be opened
     */
    public static Annals open(String url) {
        return new Annals(provider(url).open(url));
    }

    /**
     * Opens a store that exists already, creating nothing (for tools that only read): an
     * {@code sqlite:} file that does not exist is a {@link StoreOpenException}, not a new store.
     *
     * @throws StoreOpenException when no backend accepts the URL, there is no store, or it cannot be opened
     */
    public static Annals openExisting(String url) {
        return new Annals(provider(url).openExisting(url));
    }

    /**
     * Makes a fresh, empty store beside the one {@code url} names (a new file in the same directory,
     * a new schema on the same server), without opening the store at {@code url}; open it with
     * {@code open(scratch.url())} and remove it with {@link ScratchStore#close} once every store opened
     * on it is closed. For measurements that must not touch existing data ({@code annals bench}).
     *
     * @throws StoreOpenException when no backend accepts the URL or the new store cannot be made
     * @throws UnsupportedCapabilityException ({@link Capability#SCRATCH_STORES}) when the backend cannot make one
     */
    public static ScratchStore scratch(String url) {
        return provider(url).scratch(url);
    }

    private static BackendProvider provider(String url) {
        InvalidArgumentException.requireNonNull(url, "store URL");
        List<String> forms = new ArrayList<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, Annals.class.getClassLoader())) {
            if (provider.accepts(url)) {
                return provider;
            }
            forms.add(provider.urlForm());
        }
        throw new StoreOpenException("No backend accepts the store URL " + Limits.shown(url) + "; known forms: "
                + String.join(", ", forms));
    }

    /** The event streams of one aggregate type. */
    public <ID, E> EventStore<ID, E> eventStore(StreamCategory<ID, E> category) {
        InvalidArgumentException.requireNonNull(category, "category");
        return new TypedEventStore<>(backend, category, category.serializer());
    }

    /** The snapshots of one aggregate type, keeping the newest one per aggregate. */
    public <ID, S> SnapshotStore<ID, S> snapshotStore(StreamCategory<ID, ?> category, Class<S> stateType) {
        return snapshotStore(category, stateType, 1);
    }

    /** The snapshots of one aggregate type, keeping the newest {@code retain} (at least 1) per aggregate. */
    public <ID, S> SnapshotStore<ID, S> snapshotStore(StreamCategory<ID, ?> category, Class<S> stateType, int retain) {
        InvalidArgumentException.requireNonNull(category, "category");
        InvalidArgumentException.requireNonNull(stateType, "state type");
        InvalidArgumentException.require(retain >= 1, "snapshot retention must be >= 1, was " + retain);
        return new TypedSnapshotStore<>(backend, category, category.codec(), stateType, retain);
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
        InvalidArgumentException.requireNonNull(categories, "categories");
        Map<StreamCategory<?, ?>, EventSerializer> serializers = new HashMap<>();
        for (StreamCategory<?, ?> category : categories) {
            InvalidArgumentException.requireNonNull(category, "category");
            serializers.put(category, category.serializer());
        }
        return new TypedEventLog(backend, serializers);
    }

    /**
     * Appends to several streams, of one or several categories, in one transaction: all or nothing.
     * Each stream has its own expected version; when any does not match, nothing is written and a
     * {@link MultiStreamConflictException} lists every stream that did not match. Retries are
     * recognized per stream as for a single append. A stream may appear once.
     *
     * @return the result of each stream's append, in the order given
     * @throws UnsupportedCapabilityException when the backend cannot append to several streams at once
     */
    public List<AppendResult> appendAll(List<StreamAppend<?, ?>> appends) {
        InvalidArgumentException.requireNonNull(appends, "appends");
        List<AppendRequest> requests = new ArrayList<>(appends.size());
        Map<String, Object> ids = new HashMap<>();
        for (StreamAppend<?, ?> append : appends) {
            InvalidArgumentException.requireNonNull(append, "stream append");
            AppendRequest request = request(append);
            ids.put(request.stream(), append.aggregateId());
            requests.add(request);
        }
        try {
            return backend.appendAll(requests);
        } catch (MultiStreamConflictException e) {
            List<EventStoreConflictException> typed = new ArrayList<>();
            for (EventStoreConflictException conflict : e.conflicts()) {
                Object id = ids.get(conflict.stream());
                typed.add(id == null ? conflict : conflict.withAggregateId(id));
            }
            MultiStreamConflictException rethrown = new MultiStreamConflictException(typed);
            rethrown.initCause(e);
            throw rethrown;
        }
    }

    private static <ID, E> AppendRequest request(StreamAppend<ID, E> append) {
        StreamCategory<ID, E> category = append.category();
        return TypedEventStore.request(category, category.serializer(), append.aggregateId(), append.expectedVersion(),
                append.events());
    }

    /**
     * The subscriptions of this store: follow the global log from a checkpoint (catch-up, then live),
     * with leases, retries, parked events and exactly-once projections on SQL backends.
     *
     * @throws UnsupportedCapabilityException when the backend keeps no subscriptions
     */
    public Subscriptions subscriptions() {
        return new Subscriptions(backend, StreamCategory::serializer);
    }

    /**
     * Starts a subscription that hands batches to {@code handler}, at least once; see {@link Subscriptions#subscribe}.
     *
     * <pre>{@code
     * Subscription sub = annals.subscribe("open-tickets", SubscriptionOptions.startAt(Start.beginning())
     *         .categories(TICKETS).batchSize(500), (batch, context) -> { ... });
     * sub.awaitCaughtUp(Duration.ofSeconds(30));
     * }</pre>
     */
    public Subscription subscribe(String name, SubscriptionOptions options, SubscriptionHandler handler) {
        return subscriptions().subscribe(name, options, handler);
    }

    /** Starts a projection that writes exactly once with its checkpoint; see {@link Subscriptions#project}. */
    public Subscription project(String name, SubscriptionOptions options, Projection projection) {
        return subscriptions().project(name, options, projection);
    }

    /** What the stores read and write, for tools: streams, totals, raw events and snapshots with their checks. */
    public StoreInspector inspect() {
        return new StoreInspector(backend);
    }

    /** What the store's backend supports beyond what every backend does (multi-stream appends, subscriptions, projections). */
    public Set<Capability> capabilities() {
        return backend.capabilities();
    }

    /**
     * The byte-level backend, behind the SPI's argument checks: for backends' own tests and tools
     * that work below the typed API. Applications need none of it.
     */
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
