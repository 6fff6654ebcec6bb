package dev.annals;

import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.SnapshotLoadResult;
import dev.annals.internal.TypedEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and saves aggregates of one type.
 *
 * <p>A load starts from the newest usable snapshot (integrity holds, schema fingerprint matches),
 * falling back to older ones and then to a full replay, each fallback logged and counted; it
 * then applies only the events after the snapshot, streaming them, so a stream of any length is
 * never held in memory. A save appends the uncommitted events with the loaded version as the
 * expected version, so a concurrent save of the same aggregate fails with
 * {@link EventStoreConflictException} and stores nothing; then it asks the {@link SnapshotPolicy}
 * and snapshots on the caller's thread or on the configured executor. A snapshot that fails to
 * store is logged and counted, never thrown: the events are already safe.
 *
 * <p>Thread-safe; aggregate instances are not.
 *
 * @param <A> the aggregate type
 * @param <ID> its id type
 */
public final class EventSourcedRepository<A extends AggregateRoot<ID, ?>, ID> {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourcedRepository.class);

    private final Engine<A, ID, ?, ?> engine;

    private EventSourcedRepository(Engine<A, ID, ?, ?> engine) {
        this.engine = engine;
    }

    /**
     * Starts a repository over an event store and a snapshot store; the aggregate must implement
     * {@link Snapshotting} for the snapshot store's state type.
     *
     * @param factory makes an empty aggregate (version -1) for an id
     */
    public static <A extends AggregateRoot<ID, E> & Snapshotting<S>, ID, E, S> Builder<A, ID, E, S> builder(
            EventStore<ID, E> events, SnapshotStore<ID, S> snapshots, Function<ID, A> factory) {
        InvalidArgumentException.requireNonNull(snapshots, "snapshot store");
        return new Builder<>(events, new Snapshots<A, ID, S>(snapshots), factory);
    }

    /** Starts a repository without snapshots: every load replays the whole stream. */
    public static <A extends AggregateRoot<ID, E>, ID, E> Builder<A, ID, E, Void> builder(
            EventStore<ID, E> events, Function<ID, A> factory) {
        return new Builder<A, ID, E, Void>(events, null, factory).policy(SnapshotPolicy.never());
    }

    /** The aggregate, or empty when it has no events. */
    public Optional<A> find(ID id) {
        return engine.find(id);
    }

    /** The aggregate; throws {@link AggregateNotFoundException} when it has no events. */
    public A get(ID id) {
        return engine.find(id).orElseThrow(() -> new AggregateNotFoundException(engine.name(), id));
    }

    /** Stores the aggregate's uncommitted events; see the class comment. Does nothing when there are none. */
    public void save(A aggregate) {
        engine.save(aggregate);
    }

    public RepositoryMetrics metrics() {
        return engine.metrics();
    }

    /** Configures a repository; each call checks its argument at once. Not thread-safe. */
    public static final class Builder<A extends AggregateRoot<ID, E>, ID, E, S> {

        private final EventStore<ID, E> events;
        private final @Nullable Snapshots<A, ID, S> snapshots;
        private final Function<ID, A> factory;
        private SnapshotPolicy policy = SnapshotPolicy.defaultPolicy();
        private Executor snapshotExecutor = Runnable::run;
        private Clock clock = Clock.systemUTC();

        private Builder(EventStore<ID, E> events, @Nullable Snapshots<A, ID, S> snapshots, Function<ID, A> factory) {
            this.events = InvalidArgumentException.requireNonNull(events, "event store");
            this.snapshots = snapshots;
            this.factory = InvalidArgumentException.requireNonNull(factory, "aggregate factory");
        }

        /** When to snapshot; default {@link SnapshotPolicy#defaultPolicy()}. */
        public Builder<A, ID, E, S> policy(SnapshotPolicy policy) {
            this.policy = InvalidArgumentException.requireNonNull(policy, "snapshot policy");
            return this;
        }

        /** Where snapshots are written; default the caller's thread. */
        public Builder<A, ID, E, S> snapshotExecutor(Executor executor) {
            this.snapshotExecutor = InvalidArgumentException.requireNonNull(executor, "snapshot executor");
            return this;
        }

        /** The clock that dates snapshots and that time-based policies compare with; default the UTC system clock. */
        public Builder<A, ID, E, S> clock(Clock clock) {
            this.clock = InvalidArgumentException.requireNonNull(clock, "clock");
            return this;
        }

        public EventSourcedRepository<A, ID> build() {
            return new EventSourcedRepository<>(new Engine<>(this));
        }
    }

    /** The snapshot store with the aggregate's {@link Snapshotting} role, which the builder proved it has. */
    private record Snapshots<A, ID, S>(SnapshotStore<ID, S> store) {

        @SuppressWarnings("unchecked") // the builder's intersection bound makes every A a Snapshotting<S>
        Snapshotting<S> of(A aggregate) {
            return (Snapshotting<S>) aggregate;
        }
    }

    /** The repository with its full type parameters. */
    private static final class Engine<A extends AggregateRoot<ID, E>, ID, E, S> {

        private final EventStore<ID, E> events;
        private final @Nullable Snapshots<A, ID, S> snapshots;
        private final Function<ID, A> factory;
        private final SnapshotPolicy policy;
        private final Executor snapshotExecutor;
        private final Clock clock;

        private final LongAdder loads = new LongAdder();
        private final LongAdder snapshotHits = new LongAdder();
        private final Map<FallbackReason, LongAdder> fallbacks = new EnumMap<>(FallbackReason.class);
        private final LongAdder eventsReplayed = new LongAdder();
        private final LongAdder saves = new LongAdder();
        private final LongAdder conflicts = new LongAdder();
        private final LongAdder snapshotsWritten = new LongAdder();
        private final LongAdder snapshotFailures = new LongAdder();
        private final Instrumentation instrumentation;
        private final String category;

        Engine(Builder<A, ID, E, S> builder) {
            this.events = builder.events;
            // Reports go where the event store reports; an event store of the user's own reports nothing.
            this.instrumentation = events instanceof TypedEventStore<?, ?> typed ? typed.instrumentation() : Instrumentation.NONE;
            this.category = events instanceof TypedEventStore<?, ?> typed ? typed.categoryName() : "unknown";
            this.snapshots = builder.snapshots;
            this.factory = builder.factory;
            this.policy = builder.policy;
            this.snapshotExecutor = builder.snapshotExecutor;
            this.clock = builder.clock;
            for (FallbackReason reason : FallbackReason.values()) {
                fallbacks.put(reason, new LongAdder());
            }
        }

        String name() {
            return events.toString();
        }

        Optional<A> find(ID id) {
            InvalidArgumentException.requireNonNull(id, "aggregate id");
            Observation observation = instrumentation.start(new Operation.RepositoryLoad(category));
            try {
                Optional<A> found = load(id);
                found.ifPresent(aggregate -> observation.version(aggregate.version()));
                observation.end(Outcome.OK, found.map(aggregate -> aggregate.loadInfo().eventsReplayed()).orElse(0L), null);
                return found;
            } catch (RuntimeException | Error e) {
                observation.end(Outcome.of(e), 0, e);
                throw e;
            }
        }

        private Optional<A> load(ID id) {
            long started = System.nanoTime();
            A aggregate = factory.apply(id);
            Optional<Snapshot<ID, S>> snapshot = usableSnapshot(id);
            if (snapshot.isPresent() && snapshots != null) {
                snapshots.of(aggregate).restoreState(snapshot.get().state());
                aggregate.restoredAt(snapshot.get().version());
            }
            long replayed = 0;
            long after = snapshot.map(Snapshot::version).orElse(-1L);
            try (Stream<RecordedEvent<E>> stream = events.readStream(id, after)) {
                Iterator<RecordedEvent<E>> iterator = stream.iterator();
                while (iterator.hasNext()) {
                    RecordedEvent<E> event = iterator.next();
                    if (replayed == 0 && event.version() != after + 1) {
                        startLater(aggregate, after, event.version());
                    }
                    aggregate.replay(event.event());
                    replayed++;
                }
            }
            eventsReplayed.add(replayed);
            if (snapshot.isEmpty() && replayed == 0) {
                return Optional.empty();
            }
            loads.increment();
            snapshot.ifPresent(s -> snapshotHits.increment());
            aggregate.loadInfo(new LoadInfo(snapshot.map(Snapshot::version).orElse(-1L),
                    snapshot.map(Snapshot::createdAt).orElse(null), replayed, Duration.ofNanos(System.nanoTime() - started)));
            return Optional.of(aggregate);
        }

        /**
         * The replay after {@code after} starts at {@code firstVersion}: legitimate only where the
         * stream starts again after a soft delete; where a truncation removed the events in between,
         * the load fails rather than build an aggregate from part of its stream.
         */
        private void startLater(A aggregate, long after, long firstVersion) {
            StreamState state = events.streamState(aggregate.id());
            if (state.truncated() && after + 1 < state.truncatedBefore()) {
                throw new StreamTruncatedException(name(), aggregate.id(), state.truncatedBefore(), after + 1);
            }
            if (firstVersion != state.deletedBefore() || after >= firstVersion) {
                throw new StorageException("The stream of " + aggregate.id() + " in " + name() + " reads version " + firstVersion
                        + " after version " + after + ", but no delete or truncation explains the missing events");
            }
            aggregate.restoredAt(firstVersion - 1);
        }

        /** The newest snapshot that can be used, trying older ones when the newer fail. */
        private Optional<Snapshot<ID, S>> usableSnapshot(ID id) {
            if (snapshots == null) {
                return Optional.empty();
            }
            SnapshotStore<ID, S> store = snapshots.store();
            long ceiling = Long.MAX_VALUE;
            boolean rejectedAny = false;
            while (ceiling >= 0) {
                try {
                    Optional<Snapshot<ID, S>> found =
                            ceiling == Long.MAX_VALUE ? store.getLatestSnapshot(id) : store.getSnapshotAtOrBefore(id, ceiling);
                    if (found.isPresent() || !rejectedAny) {
                        instrumentation.snapshotLoad(category, found.isPresent() ? SnapshotLoadResult.HIT : SnapshotLoadResult.NONE);
                        return found;
                    }
                    break; // every kept snapshot was rejected: a full replay, counted below
                } catch (SnapshotUnusableException e) {
                    FallbackReason reason = reasonOf(e);
                    LOG.warn("Skipping snapshot ({}): {}", reason, e.getMessage());
                    fallbacks(reason).increment();
                    instrumentation.snapshotLoad(category, SnapshotLoadResult.of(reason));
                    rejectedAny = true;
                    ceiling = e.version() - 1;
                }
            }
            if (rejectedAny) {
                LOG.warn("No usable snapshot of {} {}; replaying the whole stream", name(), id);
                fallbacks(FallbackReason.FULL_REPLAY).increment();
                instrumentation.snapshotLoad(category, SnapshotLoadResult.FULL_REPLAY);
            }
            return Optional.empty();
        }

        /** The counter of {@code reason}; the constructor made one for every reason. */
        private LongAdder fallbacks(FallbackReason reason) {
            return Objects.requireNonNull(fallbacks.get(reason));
        }

        private static FallbackReason reasonOf(SnapshotUnusableException e) {
            if (e instanceof SnapshotIntegrityException) {
                return FallbackReason.INTEGRITY_FAILED;
            }
            if (e instanceof SnapshotSchemaMismatchException) {
                return FallbackReason.SCHEMA_MISMATCH;
            }
            return FallbackReason.UNREADABLE_STATE;
        }

        void save(A aggregate) {
            InvalidArgumentException.requireNonNull(aggregate, "aggregate");
            List<E> pending = aggregate.uncommittedEvents();
            if (pending.isEmpty()) {
                return;
            }
            Observation observation = instrumentation.start(new Operation.RepositorySave(category, pending.size(),
                    aggregate.persistedVersion()));
            try {
                store(aggregate, pending);
                observation.version(aggregate.version());
                observation.end(Outcome.OK, pending.size(), null);
            } catch (RuntimeException | Error e) {
                observation.end(Outcome.of(e), 0, e);
                throw e;
            }
        }

        private void store(A aggregate, List<E> pending) {
            List<EventData<E>> data = new ArrayList<>(pending.size());
            for (E event : pending) {
                data.add(EventData.of(event));
            }
            try {
                events.append(aggregate.id(), aggregate.persistedVersion(), data);
            } catch (EventStoreConflictException e) {
                conflicts.increment();
                throw e;
            }
            aggregate.markCommitted();
            saves.increment();
            maybeSnapshot(aggregate);
        }

        private void maybeSnapshot(A aggregate) {
            if (snapshots == null) {
                return;
            }
            LoadInfo info = aggregate.loadInfo();
            Instant now = clock.instant();
            var context = new SnapshotContext(aggregate.version(), info.snapshotVersion(), info.snapshotCreatedAt(), now,
                    info.eventsReplayed(), info.loadDuration());
            if (!policy.shouldSnapshot(context)) {
                return;
            }
            Snapshot<ID, S> snapshot = Snapshot.of(aggregate.id(), aggregate.version(), snapshots.of(aggregate).snapshotState(), now);
            aggregate.loadInfo(new LoadInfo(snapshot.version(), now, 0, Duration.ZERO));
            SnapshotStore<ID, S> store = snapshots.store();
            snapshotExecutor.execute(() -> {
                try {
                    store.saveSnapshot(snapshot);
                    snapshotsWritten.increment();
                    instrumentation.snapshotWrite(category, true);
                } catch (RuntimeException e) {
                    snapshotFailures.increment();
                    instrumentation.snapshotWrite(category, false);
                    LOG.warn("Could not store the snapshot of {} {} at version {}: {}", name(), snapshot.aggregateId(),
                            snapshot.version(), e.getMessage());
                }
            });
        }

        RepositoryMetrics metrics() {
            Map<FallbackReason, Long> byReason = new EnumMap<>(FallbackReason.class);
            for (FallbackReason reason : FallbackReason.values()) {
                byReason.put(reason, fallbacks(reason).sum());
            }
            return new RepositoryMetrics(loads.sum(), snapshotHits.sum(), byReason, eventsReplayed.sum(), saves.sum(),
                    conflicts.sum(), snapshotsWritten.sum(), snapshotFailures.sum());
        }
    }
}
