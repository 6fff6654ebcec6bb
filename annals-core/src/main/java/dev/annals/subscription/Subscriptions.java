package dev.annals.subscription;

import dev.annals.InvalidArgumentException;
import dev.annals.StreamCategory;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.StoreInfo;
import dev.annals.internal.TypedEventLog;
import dev.annals.serialization.EventSerializer;
import dev.annals.spi.Capability;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The subscriptions of one store: start them, and operate them from any process (list, reset,
 * retry or drop parked events). Obtained from {@code Annals.subscriptions()}. Events of the
 * categories a subscription's options name are decoded into their classes. Thread-safe.
 */
public final class Subscriptions {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

    private final StorageBackend backend;
    private final SubscriptionStorage storage;
    private final Function<StreamCategory<?, ?>, EventSerializer> serializers;
    private final Instrumentation instrumentation;
    private final StoreInfo store;

    /** Not API: made by {@code Annals}, which knows the categories' serializers. */
    public Subscriptions(StorageBackend backend, Function<StreamCategory<?, ?>, EventSerializer> serializers) {
        this(backend, serializers, Instrumentation.NONE, StoreInfo.of(backend));
    }

    /** Not API: made by {@code Annals}, which knows the categories' serializers and where the store reports. */
    public Subscriptions(StorageBackend backend, Function<StreamCategory<?, ?>, EventSerializer> serializers,
            Instrumentation instrumentation, StoreInfo store) {
        this.backend = backend;
        this.storage = backend.subscriptionStorage().orElseThrow(() -> new UnsupportedCapabilityException(
                Capability.SUBSCRIPTIONS, backend.describe()));
        this.serializers = serializers;
        this.instrumentation = instrumentation;
        this.store = store;
    }

    /**
     * Starts a subscription that hands batches to {@code handler}, at least once (see
     * {@link SubscriptionHandler}). Returns at once; the runners catch up on their own threads.
     */
    public Subscription subscribe(String name, SubscriptionOptions options, SubscriptionHandler handler) {
        checkName(name);
        InvalidArgumentException.requireNonNull(options, "options");
        InvalidArgumentException.requireNonNull(handler, "handler");
        return start(name, options, partition -> new HandlerDelivery(name, partition, handler, storage));
    }

    /**
     * Starts a projection whose writes commit with its checkpoint, exactly once (see {@link Projection}).
     *
     * @throws UnsupportedCapabilityException on a backend without transactions shared with its checkpoints (memory)
     */
    public Subscription project(String name, SubscriptionOptions options, Projection projection) {
        checkName(name);
        InvalidArgumentException.requireNonNull(options, "options");
        InvalidArgumentException.requireNonNull(projection, "projection");
        TransactionalCheckpoints transactions = backend.transactionalCheckpoints().orElseThrow(() ->
                new UnsupportedCapabilityException(Capability.TRANSACTIONAL_CHECKPOINTS, backend.describe()));
        return start(name, options, partition -> new ProjectionDelivery(name, partition, projection, transactions));
    }

    private Subscription start(String name, SubscriptionOptions options, IntFunction<Delivery> deliveries) {
        Map<StreamCategory<?, ?>, EventSerializer> decoded = new HashMap<>();
        for (StreamCategory<?, ?> category : options.categories()) {
            decoded.put(category, serializers.apply(category));
        }
        TypedEventLog decoder = new TypedEventLog(backend, decoded);
        List<SubscriptionRunner> runners = new ArrayList<>();
        for (int partition = 0; partition < options.partitions(); partition++) {
            runners.add(new SubscriptionRunner(name, partition, options, backend, storage, decoder, deliveries.apply(partition),
                    instrumentation, store));
        }
        for (SubscriptionRunner runner : runners) {
            runner.start("annals-subscription-" + name + "-" + runners.indexOf(runner));
        }
        Subscription subscription = new Subscription(name, runners, storage);
        instrumentation.subscriptionStarted(store, subscription);
        return subscription;
    }

    /**
     * Reads a projection's read model through a connection of the store's own database.
     *
     * @throws UnsupportedCapabilityException on a backend without SQL projections
     * @throws SubscriptionException when the query fails
     */
    public <T> T readModel(TransactionalCheckpoints.Query<T> query) {
        InvalidArgumentException.requireNonNull(query, "query");
        TransactionalCheckpoints transactions = backend.transactionalCheckpoints().orElseThrow(() ->
                new UnsupportedCapabilityException(Capability.TRANSACTIONAL_CHECKPOINTS, backend.describe()));
        try {
            return transactions.query(query);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SubscriptionException("Reading the read model failed: " + e, e);
        }
    }

    /** Every subscription partition the store knows. */
    public List<SubscriptionRecord> list() {
        return storage.subscriptions();
    }

    /** The lag of a checkpoint: the events after it. */
    public long lag(long checkpoint) {
        return storage.countAfter(checkpoint);
    }

    /** The parked events of a subscription, in position order. */
    public List<ParkedEvent> parked(String name) {
        return storage.parkedEvents(checkName(name));
    }

    /** Asks the running instance to try a parked event again; false when no event is parked at that position. */
    public boolean retryParked(String name, long position) {
        return storage.requestRetry(checkName(name), position);
    }

    /** Drops a parked event: it will not be handled; a partition stopped on it goes on after it. False when none is parked there. */
    public boolean dropParked(String name, long position) {
        return storage.removeParked(checkName(name), position);
    }

    /**
     * Resets every partition of a subscription to {@code position} (0: rebuild from the beginning): the
     * instance that runs it next calls the reset hook and handles the events after {@code position} again.
     *
     * @throws InvalidArgumentException when the subscription is unknown or the position negative
     */
    public void reset(String name, long position) {
        checkName(name);
        InvalidArgumentException.require(position >= 0, "reset position must be >= 0, was " + position);
        int partitions = 0;
        for (SubscriptionRecord record : storage.subscriptions()) {
            if (record.subscription().equals(name)) {
                partitions = Math.max(partitions, record.partition() + 1);
            }
        }
        InvalidArgumentException.require(partitions > 0, "no subscription named " + name + " in " + backend.describe());
        storage.resetCheckpoints(name, partitions, position);
    }

    private static String checkName(String name) {
        InvalidArgumentException.requireNonNull(name, "subscription name");
        InvalidArgumentException.require(NAME.matcher(name).matches(), "subscription name " + dev.annals.Limits.shown(name)
                + " must be 1 to 200 letters, digits, '_', '.' or '-', starting with a letter or digit");
        return name;
    }
}
