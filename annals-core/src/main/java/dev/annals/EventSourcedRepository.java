package dev.annals;

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

        Engine(Builder<A, ID, E, S> builder) {
            this.events = builder.events;
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
            long started = System.nanoTime();
            A aggregate = factory.apply(id);
            Optional<Snapshot<ID, S>> snapshot = usableSnapshot(id);
            if (snapshot.isPresent() && snapshots != null) {
                snapshots.of(aggregate).restoreState(snapshot.get().state());
                aggregate.restoredAt(snapshot.get().version());
            }
            long replayed = 0;
            try (Stream<RecordedEvent<E>> stream = events.readStream(id, snapshot.map(Snapshot::version).orElse(-1L))) {
                Iterator<RecordedEvent<E>> iterator = stream.iterator();
                while (iterator.hasNext()) {
                    aggregate.replay(iterator.next().event());
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
                        return found;
                    }
                    break; // every kept snapshot was rejected: a full replay, counted below
                } catch (SnapshotUnusableException e) {
                    FallbackReason reason = reasonOf(e);
                    LOG.warn("Skipping snapshot ({}): {}", reason, e.getMessage());
                    fallbacks(reason).increment();
                    rejectedAny = true;
                    ceiling = e.version() - 1;
                }
            }
            if (rejectedAny) {
                LOG.warn("No usable snapshot of {} {}; replaying the whole stream", name(), id);
                fallbacks(FallbackReason.FULL_REPLAY).increment();
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
                } catch (RuntimeException e) {
                    snapshotFailures.increment();
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
