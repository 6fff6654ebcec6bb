package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Snapshot;
import dev.annals.SnapshotStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SnapshotStore}, for any implementation: a backend's typed store or a
 * user's own (the generator of snapshot stores writes a subclass of this suite per store).
 *
 * <p>Covers the seed framework's base tests (save and get, unknown id, newer overwrites, older is
 * ignored, equal overwrites, isolation, clear), reads at or before a version, bad input and a
 * property test against a model. Every test first proves that the store keeps something, so a
 * store that does nothing fails every test.
 *
 * @param <ID> the aggregate id type
 * @param <S> the snapshot state type
 */
public abstract class SnapshotStoreContract<ID, S> {

    private final AtomicInteger seeds = new AtomicInteger(1);

    /** The store under test; called per test (and per property try), may return a shared store. */
    protected abstract SnapshotStore<ID, S> createStore();

    /** An id never used before. */
    protected abstract ID newAggregateId();

    /** The state class the store holds. */
    protected abstract Class<S> stateType();

    /** A state from {@code seed}; distinct seeds give unequal states. By default {@link Samples#instance}. */
    protected S newState(int seed) {
        return Samples.instance(stateType(), seed);
    }

    /** How many snapshots per aggregate the store from {@link #createStore()} keeps; 1 unless overridden. */
    protected int retainedSnapshots() {
        return 1;
    }

    // ---- the seed framework's base tests ----

    @Test
    void a_saved_snapshot_is_returned_as_the_latest() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> snapshot = snapshot(id, 3);

        store.saveSnapshot(snapshot);

        Snapshot<ID, S> latest = store.getLatestSnapshot(id).orElseThrow(() -> new AssertionError("no snapshot was kept"));
        assertThat(latest.aggregateId()).isEqualTo(id);
        assertThat(latest.version()).isEqualTo(3);
        assertThat(latest.state()).isEqualTo(snapshot.state());
        assertThat(latest.createdAt()).isEqualTo(snapshot.createdAt());
    }

    @Test
    void an_unknown_aggregate_has_no_snapshot() {
        SnapshotStore<ID, S> store = createStore();
        ID known = newAggregateId();
        saved(store, snapshot(known, 1));

        assertThat(store.getLatestSnapshot(newAggregateId())).isEmpty();
        assertThat(store.getSnapshotAtOrBefore(newAggregateId(), 100)).isEmpty();
    }

    @Test
    void a_newer_snapshot_replaces_an_older_one_as_the_latest() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        saved(store, snapshot(id, 2));
        Snapshot<ID, S> newer = snapshot(id, 5);

        store.saveSnapshot(newer);

        assertThat(store.getLatestSnapshot(id)).hasValue(newer);
    }

    @Test
    void an_older_snapshot_is_ignored() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> newer = saved(store, snapshot(id, 5));

        store.saveSnapshot(snapshot(id, 2));

        assertThat(store.getLatestSnapshot(id)).hasValue(newer);
        assertThat(store.getSnapshotAtOrBefore(id, 4)).isEmpty();
    }

    @Test
    void a_snapshot_of_the_same_version_overwrites() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> first = saved(store, snapshot(id, 4));
        Snapshot<ID, S> second = snapshot(id, 4);
        assertThat(second.state()).as("newState(seed) must give unequal states for distinct seeds").isNotEqualTo(first.state());

        store.saveSnapshot(second);

        assertThat(store.getLatestSnapshot(id)).hasValue(second);
        assertThat(store.getSnapshotAtOrBefore(id, 4)).hasValue(second);
    }

    @Test
    void snapshots_of_different_aggregates_are_isolated() {
        SnapshotStore<ID, S> store = createStore();
        ID first = newAggregateId();
        ID second = newAggregateId();
        assertThat(first).as("newAggregateId() must give a fresh id").isNotEqualTo(second);
        Snapshot<ID, S> firstSnapshot = snapshot(first, 7);
        Snapshot<ID, S> secondSnapshot = snapshot(second, 2);

        store.saveSnapshot(firstSnapshot);
        store.saveSnapshot(secondSnapshot);

        assertThat(store.getLatestSnapshot(first)).hasValue(firstSnapshot);
        assertThat(store.getLatestSnapshot(second)).hasValue(secondSnapshot);
    }

    @Test
    void clearing_removes_the_snapshots_of_one_aggregate_only() {
        SnapshotStore<ID, S> store = createStore();
        ID cleared = newAggregateId();
        ID kept = newAggregateId();
        saved(store, snapshot(cleared, 3));
        Snapshot<ID, S> other = saved(store, snapshot(kept, 3));

        store.clearSnapshots(cleared);

        assertThat(store.getLatestSnapshot(cleared)).isEmpty();
        assertThat(store.getSnapshotAtOrBefore(cleared, 3)).isEmpty();
        assertThat(store.getLatestSnapshot(kept)).hasValue(other);
    }

    @Test
    void after_clearing_a_snapshot_of_any_version_is_accepted_again() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        saved(store, snapshot(id, 9));
        store.clearSnapshots(id);
        Snapshot<ID, S> lower = snapshot(id, 1);

        store.saveSnapshot(lower);

        assertThat(store.getLatestSnapshot(id)).hasValue(lower);
    }

    // ---- reads at or before a version ----

    @Test
    void snapshot_at_or_before_a_version_is_the_newest_kept_one_not_above_it() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> older = saved(store, snapshot(id, 3));
        Snapshot<ID, S> newer = saved(store, snapshot(id, 7));

        assertThat(store.getSnapshotAtOrBefore(id, 7)).hasValue(newer);
        assertThat(store.getSnapshotAtOrBefore(id, 100)).hasValue(newer);
        assertThat(store.getSnapshotAtOrBefore(id, 6)).isEqualTo(retainedSnapshots() >= 2 ? Optional.of(older) : Optional.empty());
        assertThat(store.getSnapshotAtOrBefore(id, 2)).isEmpty();
    }

    // ---- bad input ----

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void null_arguments_are_rejected_and_change_nothing() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> snapshot = saved(store, snapshot(id, 2));

        assertInvalid(() -> store.saveSnapshot(null), "snapshot", "null");
        assertInvalid(() -> store.getLatestSnapshot(null), "id", "null");
        assertInvalid(() -> store.getSnapshotAtOrBefore(null, 5), "id", "null");
        assertInvalid(() -> store.clearSnapshots(null), "id", "null");

        assertThat(store.getLatestSnapshot(id)).hasValue(snapshot);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void a_snapshot_of_another_state_class_is_rejected_and_changes_nothing() {
        SnapshotStore<ID, S> store = createStore();
        ID id = newAggregateId();
        Snapshot<ID, S> snapshot = saved(store, snapshot(id, 2));
        Snapshot<ID, S> intruder = (Snapshot) Snapshot.of(id, 5, new Intruder("not a " + stateType().getSimpleName()));

        assertInvalid(() -> store.saveSnapshot(intruder), "intruder");

        assertThat(store.getLatestSnapshot(id)).hasValue(snapshot);
    }

    /** A state of no aggregate, to check that a store refuses foreign states. */
    record Intruder(String text) {
    }

    // ---- property ----

    @Property(tries = 60)
    void random_saves_reads_and_clears_agree_with_a_model(@ForAll("snapshotSessions") List<SnapshotStep> steps) {
        SnapshotStore<ID, S> store = createStore();
        List<ID> ids = IntStream.range(0, SnapshotStep.AGGREGATES).mapToObj(i -> newAggregateId()).toList();
        var model = new SnapshotStoreModel<>(store, ids, this::newState, retainedSnapshots());
        steps.forEach(model::run);
        model.verifyAll();
    }

    @Provide
    Arbitrary<List<SnapshotStep>> snapshotSessions() {
        return SnapshotStep.any().list().ofMinSize(1).ofMaxSize(25);
    }

    // ---- helpers ----

    /** A seed no other call of this suite instance used. */
    protected final int nextSeed() {
        return seeds.getAndIncrement();
    }

    /** A snapshot at {@code version} with a new state, taken now (to the millisecond, which every store keeps). */
    protected final Snapshot<ID, S> snapshot(ID id, long version) {
        return Snapshot.of(id, version, newState(nextSeed()), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Saves {@code snapshot} and proves that it is now the latest. */
    protected final Snapshot<ID, S> saved(SnapshotStore<ID, S> store, Snapshot<ID, S> snapshot) {
        store.saveSnapshot(snapshot);
        assertThat(store.getLatestSnapshot(snapshot.aggregateId())).as("the snapshot just saved").hasValue(snapshot);
        return snapshot;
    }
}
