package dev.annals;

import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.StoreInfo;
import dev.annals.internal.CheckedBackend;
import dev.annals.internal.DataKeys;
import dev.annals.internal.StoreCopy;
import dev.annals.internal.TypedEventLog;
import dev.annals.internal.TypedEventStore;
import dev.annals.internal.TypedSnapshotStore;
import dev.annals.keys.KeyProvider;
import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.PersonalDataCipher;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
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
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

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
    private final Instrumentation instrumentation;
    private final StoreInfo store;
    /** Sealing and opening of personal data; null when the store was opened without a {@link KeyProvider}. */
    private final @Nullable DataKeys keys;
    private final @Nullable PersonalDataCipher cipher;
    private final Map<StreamCategory<?, ?>, EventSerializer> sealingSerializers = new ConcurrentHashMap<>();

    /** Wraps a backend opened by its constructor (every call to it goes through the SPI's argument checks). */
    public Annals(StorageBackend backend) {
        this(backend, Instrumentation.NONE);
    }

    /**
     * Wraps a backend opened by its constructor, reporting what the store does to {@code instrumentation}
     * (metrics and traces; see {@code annals-observability}).
     */
    public Annals(StorageBackend backend, Instrumentation instrumentation) {
        this(backend, instrumentation, null);
    }

    /**
     * Wraps a backend opened by its constructor, as {@link #Annals(StorageBackend, Instrumentation)}, sealing
     * {@link PersonalData} with data keys wrapped by {@code keyProvider} (null: none; marked values are then refused).
     *
     * @throws UnsupportedCapabilityException ({@link Capability#KEY_STORAGE}) when a key provider is given and the
     *     backend keeps no keys
     */
    public Annals(StorageBackend backend, Instrumentation instrumentation, @Nullable KeyProvider keyProvider) {
        this.backend = CheckedBackend.of(backend);
        if (keyProvider == null) {
            this.keys = null;
            this.cipher = null;
        } else {
            KeyStorage storage = this.backend.keyStorage().orElseThrow(() -> new UnsupportedCapabilityException(
                    Capability.KEY_STORAGE, this.backend.describe()));
            this.keys = new DataKeys(storage, keyProvider);
            this.cipher = new PersonalDataCipher(keys);
        }
        this.instrumentation = InvalidArgumentException.requireNonNull(instrumentation, "instrumentation");
        this.store = StoreInfo.of(this.backend);
        instrumentation.storeOpened(store, this.backend);
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
     * Opens the backend that accepts {@code url}, as {@link #open(String)}, reporting what the store does to
     * {@code instrumentation}: appends, reads, repository loads and saves, subscriptions (see {@link Instrumentation}).
     *
     * @throws StoreOpenException when no backend accepts the URL or the store cannot be opened
     */
    public static Annals open(String url, Instrumentation instrumentation) {
        InvalidArgumentException.requireNonNull(instrumentation, "instrumentation");
        return new Annals(provider(url).open(url), instrumentation);
    }

    /**
     * Opens the backend that accepts {@code url}, as {@link #open(String)}, storing {@link PersonalData} values
     * encrypted with per-subject data keys that {@code keyProvider}'s master key wraps (crypto-shredding: see
     * {@link #forget}). For an embedded store: {@code Annals.open("sqlite:app.db",
     * FileKeyProvider.openOrCreate(Path.of("app.db.key")))}.
     *
     * @throws StoreOpenException when no backend accepts the URL or the store cannot be opened
     * @throws UnsupportedCapabilityException ({@link Capability#KEY_STORAGE}) when the backend keeps no keys
     */
    public static Annals open(String url, KeyProvider keyProvider) {
        InvalidArgumentException.requireNonNull(keyProvider, "key provider");
        StorageBackend backend = provider(url).open(url);
        try {
            return new Annals(backend, Instrumentation.NONE, keyProvider);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
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
     * Opens a store that exists already, as {@link #openExisting(String)}, reading (and storing) {@link PersonalData}
     * values with data keys that {@code keyProvider}'s master key wraps, as {@link #open(String, KeyProvider)}.
     *
     * @throws StoreOpenException when no backend accepts the URL, there is no store, or it cannot be opened
     * @throws UnsupportedCapabilityException ({@link Capability#KEY_STORAGE}) when the backend keeps no keys
     */
    public static Annals openExisting(String url, KeyProvider keyProvider) {
        InvalidArgumentException.requireNonNull(keyProvider, "key provider");
        StorageBackend backend = provider(url).openExisting(url);
        try {
            return new Annals(backend, Instrumentation.NONE, keyProvider);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The cipher of personal data this store was opened with; null when it was opened without a {@code KeyProvider}. */
    @Nullable PersonalDataCipher cipher() {
        return cipher;
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

    /**
     * Copies {@code from}'s events to {@code to} in the order of {@code from}'s global log, every stream or
     * only {@link CopyOptions#categories those of some categories}, each event unchanged (id, version,
     * recorded-at, metadata, payload; positions are the target's own), then every retained snapshot
     * revision of the copied streams; then reads both sides again and reports per-side counts and
     * digests ({@link CopyReport#verified()}). Works between any two backends.
     *
     * <p>Streams in pages (memory bounded by {@link CopyOptions#pageSize()}, not by the stores' size) and
     * writes consecutive events of a stream as one append, and appends to distinct streams as one
     * multi-stream append where the target can. Resumable: when a run stops (a failure, an interrupt, a
     * listener that throws), the target holds a prefix of the copy; the next run checks that prefix event
     * by event and goes on after it, writing no event twice. The source should not be written meanwhile.
     *
     * @throws CopyTargetNotEmptyException when the target holds anything but a prefix of this copy; nothing is written
     * @throws InvalidArgumentException when {@code from} and {@code to} are the same object (one store opened
     *     twice finds itself holding the whole copy, and copies nothing)
     */
    public static CopyReport copy(Annals from, Annals to, CopyOptions options) {
        InvalidArgumentException.requireNonNull(from, "source store");
        InvalidArgumentException.requireNonNull(to, "target store");
        InvalidArgumentException.requireNonNull(options, "copy options");
        InvalidArgumentException.require(from != to, () -> "the copy's source and target are one store, " + from.backend.describe());
        return new StoreCopy(from.backend, to.backend, options).run();
    }

    /** The event streams of one aggregate type. */
    public <ID, E> EventStore<ID, E> eventStore(StreamCategory<ID, E> category) {
        InvalidArgumentException.requireNonNull(category, "category");
        return new TypedEventStore<>(backend, category, serializer(category), instrumentation, store);
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
        return new TypedSnapshotStore<>(backend, category, category.codec(), stateType, retain, cipher);
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
            serializers.put(category, serializer(category));
        }
        return new TypedEventLog(backend, serializers, instrumentation, store);
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
        int events = 0;
        for (StreamAppend<?, ?> append : appends) {
            InvalidArgumentException.requireNonNull(append, "stream append");
            events += append.events().size();
        }
        Observation observation = instrumentation.start(new Operation.Append(store, null, appends.size(), events, AppendRequest.ANY));
        try {
            List<AppendResult> results = appendAll(appends, observation.traceparent());
            observation.end(results.stream().allMatch(AppendResult::duplicate) ? Outcome.RETRY : Outcome.OK, events, null);
            return results;
        } catch (RuntimeException e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        }
    }

    private List<AppendResult> appendAll(List<StreamAppend<?, ?>> appends, @Nullable String traceparent) {
        List<AppendRequest> requests = new ArrayList<>(appends.size());
        Map<String, Object> ids = new HashMap<>();
        for (StreamAppend<?, ?> append : appends) {
            AppendRequest request = request(append, traceparent);
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

    private <ID, E> AppendRequest request(StreamAppend<ID, E> append, @Nullable String traceparent) {
        StreamCategory<ID, E> category = append.category();
        return TypedEventStore.request(category, serializer(category), append.aggregateId(), append.expectedVersion(),
                append.events(), traceparent);
    }

    /**
     * The subscriptions of this store: follow the global log from a checkpoint (catch-up, then live),
     * with leases, retries, parked events and exactly-once projections on SQL backends.
     *
     * @throws UnsupportedCapabilityException when the backend keeps no subscriptions
     */
    public Subscriptions subscriptions() {
        return new Subscriptions(backend, this::serializer, instrumentation, store);
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

    /** The serializer of {@code category}'s events, sealing and opening personal data when this store has a key provider. */
    private EventSerializer serializer(StreamCategory<?, ?> category) {
        PersonalDataCipher sealing = cipher;
        if (sealing == null) {
            return category.serializer();
        }
        return sealingSerializers.computeIfAbsent(category, c -> c.serializer().withCipher(sealing));
    }

    /**
     * Forgets {@code subject} (crypto-shredding): destroys its data key, so that every {@link PersonalData}
     * value sealed with it reads from now on as the placeholder {@code null} (through loads, {@code readAll},
     * subscriptions and snapshots alike), and clears the snapshots of the stream named {@code subject}
     * (the subject of values without a {@link DataSubject}); a snapshot of another stream holding the
     * subject's values is cleared when it is next read. Events, versions and the global log are untouched.
     * Needs no master key. Idempotent.
     *
     * <p><b>Warning:</b> the key's bytes may remain in the store's files until {@link #eraseForgottenKeys()}
     * runs (the backend's maintenance step); another process that read the key keeps it in its cache for
     * up to a minute.
     *
     * @return whether the subject had a key
     * @throws UnsupportedCapabilityException ({@link Capability#KEY_STORAGE}) when the backend keeps no keys
     */
    public boolean forget(String subject) {
        Limits.checkStreamName(subject, "subject");
        KeyStorage storage = keyStorage();
        boolean deleted = keys != null ? keys.forget(subject) : storage.delete(subject);
        backend.clearSnapshots(subject);
        return deleted;
    }

    /**
     * The maintenance step after {@link #forget}: makes the bytes of every destroyed key absent from the
     * store's files (SQLite: the key table's deletes overwrite with zeros, then a WAL checkpoint that truncates
     * the log; PostgreSQL: {@code VACUUM FULL} of the key table; NATS: the purge markers of the key bucket removed,
     * while the server's file store may keep the freed bytes until it compacts its blocks).
     * May lock the key table for a while; idempotent.
     *
     * @throws UnsupportedCapabilityException ({@link Capability#KEY_STORAGE}) when the backend keeps no keys
     */
    public void eraseForgottenKeys() {
        keyStorage().eraseDeleted();
    }

    private KeyStorage keyStorage() {
        return backend.keyStorage().orElseThrow(() -> new UnsupportedCapabilityException(Capability.KEY_STORAGE, backend.describe()));
    }

    /** What the stores read and write, for tools: streams, totals, raw events and snapshots with their checks. */
    public StoreInspector inspect() {
        return new StoreInspector(backend);
    }

    /**
     * Deletes the stream named {@code stream}, of any category, for tools that know streams by name;
     * see {@link EventStore#deleteStream(Object, long, DeleteMode)}.
     */
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        backend.deleteStream(stream, expectedVersion, mode);
    }

    /**
     * Removes the events of the stream named {@code stream} below {@code version}, for tools that know
     * streams by name; see {@link EventStore#truncateBefore(Object, long)}.
     */
    public void truncateBefore(String stream, long version) {
        backend.truncateBefore(stream, version);
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
