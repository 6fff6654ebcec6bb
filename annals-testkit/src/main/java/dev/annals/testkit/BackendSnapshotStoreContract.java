package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.Limits;
import dev.annals.Snapshot;
import dev.annals.SnapshotIntegrityException;
import dev.annals.SnapshotSchemaMismatchException;
import dev.annals.SnapshotStore;
import dev.annals.spi.StoredSnapshot;
import dev.annals.testkit.domain.OlderTestState;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link SnapshotStoreContract} bound to a backend, with string ids (so that non-UUID ids are
 * covered) and the testkit's {@link TestState}, plus what only a backend-backed store can show:
 * keep-newest-N retention (and a retention below 1 refused), integrity (a snapshot altered in the
 * backend is never returned), schema fingerprints, the range of creation times a store keeps, and
 * categories sharing one backend.
 *
 * <p>A backend extends it with one method, {@link #fixture()}.
 */
public abstract class BackendSnapshotStoreContract extends SnapshotStoreContract<String, TestState> {

    private static final AtomicLong IDS = new AtomicLong();
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    @Override
    protected SnapshotStore<String, TestState> createStore() {
        return fixture().annals().snapshotStore(TestDomain.NAMED_COUNTERS, TestState.class);
    }

    /** Ids with dashes, a space and non-ASCII letters, unique per run. */
    @Override
    protected String newAggregateId() {
        return "order-" + RUN + "-" + IDS.incrementAndGet() + " ünïcode";
    }

    @Override
    protected Class<TestState> stateType() {
        return TestState.class;
    }

    @Test
    void a_store_keeping_three_snapshots_answers_at_or_before_from_the_newest_three() {
        SnapshotStore<String, TestState> store = retaining(3);
        String id = newAggregateId();
        List<Snapshot<String, TestState>> all = List.of(snapshot(id, 1), snapshot(id, 2), snapshot(id, 4), snapshot(id, 6), snapshot(id, 9));
        all.forEach(store::saveSnapshot);

        assertThat(store.getLatestSnapshot(id)).hasValue(all.get(4));
        assertThat(store.getSnapshotAtOrBefore(id, 9)).hasValue(all.get(4));
        assertThat(store.getSnapshotAtOrBefore(id, 8)).hasValue(all.get(3));
        assertThat(store.getSnapshotAtOrBefore(id, 5)).hasValue(all.get(2));
        assertThat(store.getSnapshotAtOrBefore(id, 4)).hasValue(all.get(2));
        assertThat(store.getSnapshotAtOrBefore(id, 3)).as("older than the newest three").isEmpty();
        assertThat(fixture().annals().backend().snapshots(streamOf(id))).extracting(StoredSnapshot::version).containsExactly(9L, 6L, 4L);
    }

    @Test
    void a_store_keeping_one_snapshot_forgets_the_older_ones() {
        SnapshotStore<String, TestState> store = createStore();
        String id = newAggregateId();
        saved(store, snapshot(id, 1));
        Snapshot<String, TestState> newest = saved(store, snapshot(id, 2));

        assertThat(store.getSnapshotAtOrBefore(id, 1)).isEmpty();
        assertThat(fixture().annals().backend().snapshots(streamOf(id))).extracting(StoredSnapshot::version).containsExactly(2L);
        assertThat(store.getLatestSnapshot(id)).hasValue(newest);
    }

    @Test
    void a_snapshot_whose_state_was_altered_in_storage_fails_its_integrity_check() {
        SnapshotStore<String, TestState> store = createStore();
        String id = newAggregateId();
        saved(store, snapshot(id, 4));
        StoredSnapshot stored = storedLatest(id);
        String json = new String(stored.state(), StandardCharsets.UTF_8);
        byte[] altered = json.replaceFirst("\"total\":(-?\\d+)", "\"total\":987654321").getBytes(StandardCharsets.UTF_8);
        assertThat(altered).as("the tampering changed the state").isNotEqualTo(stored.state());

        overwrite(new StoredSnapshot(stored.stream(), stored.version(), stored.createdAt(), stored.fingerprint(), stored.hash(), altered));

        assertThatThrownBy(() -> store.getLatestSnapshot(id)).isInstanceOfSatisfying(SnapshotIntegrityException.class,
                e -> assertThat(e.version()).isEqualTo(4)).hasMessageContaining(streamOf(id));
        assertThatThrownBy(() -> store.getSnapshotAtOrBefore(id, 10)).isInstanceOf(SnapshotIntegrityException.class);
    }

    @Test
    void a_snapshot_with_a_wrong_hash_fails_its_integrity_check() {
        SnapshotStore<String, TestState> store = createStore();
        String id = newAggregateId();
        saved(store, snapshot(id, 4));
        StoredSnapshot stored = storedLatest(id);

        overwrite(new StoredSnapshot(stored.stream(), stored.version(), stored.createdAt(), stored.fingerprint(),
                "0".repeat(64), stored.state()));

        assertThatThrownBy(() -> store.getLatestSnapshot(id)).isInstanceOf(SnapshotIntegrityException.class);
    }

    @Test
    void a_snapshot_moved_to_another_aggregate_or_version_fails_its_integrity_check() {
        SnapshotStore<String, TestState> store = createStore();
        String source = newAggregateId();
        saved(store, snapshot(source, 4));
        StoredSnapshot stored = storedLatest(source);
        String target = newAggregateId();

        overwrite(new StoredSnapshot(streamOf(target), stored.version(), stored.createdAt(), stored.fingerprint(), stored.hash(),
                stored.state()));
        overwrite(new StoredSnapshot(stored.stream(), 5, stored.createdAt(), stored.fingerprint(), stored.hash(), stored.state()));

        assertThatThrownBy(() -> store.getLatestSnapshot(target)).isInstanceOf(SnapshotIntegrityException.class);
        assertThatThrownBy(() -> store.getLatestSnapshot(source)).isInstanceOf(SnapshotIntegrityException.class);
    }

    @Test
    void a_snapshot_of_another_schema_is_never_returned_as_the_current_state() {
        Annals annals = fixture().annals();
        String id = newAggregateId();
        SnapshotStore<String, OlderTestState> older = annals.snapshotStore(TestDomain.NAMED_COUNTERS, OlderTestState.class);
        older.saveSnapshot(Snapshot.of(id, 3, new OlderTestState("old", 7), Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        assertThat(older.getLatestSnapshot(id)).as("the old-shape snapshot was kept").isPresent();

        assertThatThrownBy(() -> createStore().getLatestSnapshot(id))
                .isInstanceOfSatisfying(SnapshotSchemaMismatchException.class, e -> assertThat(e.version()).isEqualTo(3))
                .hasMessageContaining(streamOf(id));
        assertThatThrownBy(() -> createStore().getSnapshotAtOrBefore(id, 3)).isInstanceOf(SnapshotSchemaMismatchException.class);
    }

    @Test
    void the_same_id_in_two_categories_has_separate_snapshots() {
        Annals annals = fixture().annals();
        String id = newAggregateId();
        SnapshotStore<String, TestState> mine = createStore();
        SnapshotStore<String, TestState> theirs = annals.snapshotStore("testkit_standalone", dev.annals.IdCodec.string(), TestState.class, 1);
        Snapshot<String, TestState> first = saved(mine, snapshot(id, 2));
        Snapshot<String, TestState> second = saved(theirs, snapshot(id, 5));

        assertThat(mine.getLatestSnapshot(id)).hasValue(first);
        assertThat(theirs.getLatestSnapshot(id)).hasValue(second);
    }

    @Test
    void a_snapshot_created_outside_the_times_a_store_keeps_is_refused_and_the_bounds_are_kept_exactly() {
        SnapshotStore<String, TestState> store = retaining(3);
        String id = newAggregateId();
        Snapshot<String, TestState> first = saved(store, snapshot(id, 1));
        String stream = streamOf(id);
        StoredSnapshot stored = storedLatest(id);

        for (Instant outside : List.of(Limits.EARLIEST_TIME.minusNanos(1), Limits.LATEST_TIME, Instant.MIN, Instant.MAX)) {
            assertInvalid(() -> Snapshot.of(id, 2, first.state(), outside), "createdat");
            assertInvalid(() -> fixture().annals().backend().saveSnapshot(new StoredSnapshot(stream, 2, outside,
                    stored.fingerprint(), stored.hash(), stored.state()), 1), "createdat");
        }
        Snapshot<String, TestState> earliest = saved(store, Snapshot.of(id, 2, newState(nextSeed()), Limits.EARLIEST_TIME));
        Snapshot<String, TestState> latest = saved(store, Snapshot.of(id, 3, newState(nextSeed()), Limits.LATEST_TIME.minusMillis(1)));

        assertThat(store.getSnapshotAtOrBefore(id, 2)).hasValue(earliest);
        assertThat(store.getLatestSnapshot(id)).hasValue(latest);
        assertThat(store.getSnapshotAtOrBefore(id, 1)).hasValue(first);
    }

    @Test
    void a_retention_below_one_is_refused_and_changes_nothing() {
        SnapshotStore<String, TestState> store = createStore();
        String id = newAggregateId();
        Snapshot<String, TestState> snapshot = saved(store, snapshot(id, 2));
        StoredSnapshot stored = storedLatest(id);
        StoredSnapshot newer = new StoredSnapshot(stored.stream(), 3, stored.createdAt(), stored.fingerprint(), stored.hash(), stored.state());

        for (int retain : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertInvalid(() -> fixture().annals().snapshotStore(TestDomain.NAMED_COUNTERS, TestState.class, retain), "retention");
            assertInvalid(() -> fixture().annals().backend().saveSnapshot(newer, retain), "retention");
        }

        assertThat(fixture().annals().backend().snapshots(streamOf(id))).extracting(StoredSnapshot::version).containsExactly(2L);
        assertThat(store.getLatestSnapshot(id)).hasValue(snapshot);
    }

    private SnapshotStore<String, TestState> retaining(int n) {
        return fixture().annals().snapshotStore(TestDomain.NAMED_COUNTERS, TestState.class, n);
    }

    private static String streamOf(String id) {
        return TestDomain.NAMED_COUNTERS.streamName(id);
    }

    private StoredSnapshot storedLatest(String id) {
        List<StoredSnapshot> stored = fixture().annals().backend().snapshots(streamOf(id));
        assertThat(stored).as("stored snapshots of %s", id).isNotEmpty();
        return stored.get(0);
    }

    private void overwrite(StoredSnapshot snapshot) {
        fixture().annals().backend().saveSnapshot(snapshot, 1);
    }
}
