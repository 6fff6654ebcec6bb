package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AggregateNotFoundException;
import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.FallbackReason;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.spi.StoredSnapshot;
import dev.annals.testkit.domain.OlderTestState;
import dev.annals.testkit.domain.TestAggregate;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import dev.annals.testkit.domain.TestState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventSourcedRepository} over a backend, with the testkit's
 * {@link TestAggregate}: save and load round trips, loads from the newest valid snapshot that
 * replay only the tail, fallbacks to older snapshots and to a full replay (counted), conflicting
 * saves, and snapshot policies that keep working across a restart (a new repository instance).
 *
 * <p>A backend extends it with one method, {@link #fixture()}.
 */
public abstract class RepositoryContract {

    private static final int RETAINED = 3;

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    @Test
    void a_new_aggregate_saved_and_loaded_again_has_the_same_state_and_version() {
        var repository = repository(SnapshotPolicy.never());
        TestAggregate counter = new TestAggregate(UUID.randomUUID());
        counter.open("first");
        counter.count(5);
        counter.rename("second");
        assertThat(counter.version()).isEqualTo(2);

        repository.save(counter);
        TestAggregate loaded = repository.get(counter.id());

        assertThat(counter.uncommittedEvents()).isEmpty();
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.state()).isEqualTo(counter.state());
        assertThat(loaded.uncommittedEvents()).isEmpty();
        assertThat(repository.get(counter.id()).state()).isEqualTo(counter.state());
        assertThat(repository.find(counter.id())).get().extracting(TestAggregate::state).isEqualTo(counter.state());
        assertThat(events().loadEvents(counter.id()))
                .containsExactly(new TestEvent.Opened("first"), new TestEvent.Counted(5), new TestEvent.Renamed("second"));
        assertThat(repository.metrics().loads()).isEqualTo(3);
    }

    @Test
    void an_aggregate_without_events_is_not_found() {
        var repository = repository(SnapshotPolicy.never());
        TestAggregate saved = saved(repository, UUID.randomUUID(), 1);
        assertThat(repository.find(saved.id())).isPresent();
        UUID unknown = UUID.randomUUID();

        assertThat(repository.find(unknown)).isEmpty();
        assertThatThrownBy(() -> repository.get(unknown)).isInstanceOf(AggregateNotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> repository.get(unknown)).isInstanceOf(AggregateNotFoundException.class);
    }

    @Test
    void a_saved_aggregate_keeps_recording_after_further_saves() {
        var repository = repository(SnapshotPolicy.never());
        TestAggregate counter = saved(repository, UUID.randomUUID(), 2);
        counter.count(10);
        repository.save(counter);
        counter.count(20);
        repository.save(counter);

        TestAggregate loaded = repository.get(counter.id());

        assertThat(loaded.version()).isEqualTo(3);
        assertThat(loaded.state()).isEqualTo(counter.state());
        assertThat(events().getCurrentVersion(counter.id())).hasValue(3);
    }

    @Test
    void a_load_starts_from_the_newest_snapshot_and_replays_only_the_tail() {
        UUID id = UUID.randomUUID();
        var writer = repository(SnapshotPolicy.everyEvents(7));
        TestAggregate counter = saved(writer, id, 7);
        addAndSave(writer, counter, 3);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(6L);

        var reader = repository(SnapshotPolicy.never());
        TestAggregate loaded = reader.get(id);

        assertThat(loaded.version()).isEqualTo(9);
        assertThat(loaded.state()).isEqualTo(fullReplay(id).state()).isEqualTo(counter.state());
        assertThat(reader.metrics().snapshotHits()).isEqualTo(1);
        assertThat(reader.metrics().eventsReplayed()).isEqualTo(3);
        assertThat(reader.metrics().fallbacks().values()).allSatisfy(count -> assertThat(count).isZero());
    }

    @Test
    void a_tampered_newest_snapshot_falls_back_to_an_older_one_and_then_to_a_full_replay() {
        UUID id = UUID.randomUUID();
        var writer = repository(SnapshotPolicy.everyEvents(4));
        TestAggregate counter = saved(writer, id, 4);
        addAndSave(writer, counter, 4);
        addAndSave(writer, counter, 2);
        assertThat(fixture().annals().backend().snapshots(stream(id))).extracting(StoredSnapshot::version).containsExactly(7L, 3L);

        tamper(id, 7);
        var firstReader = repository(SnapshotPolicy.never());
        TestAggregate fromOlder = firstReader.get(id);

        assertThat(fromOlder.state()).isEqualTo(counter.state());
        assertThat(fromOlder.version()).isEqualTo(9);
        assertThat(firstReader.metrics().fallbacks(FallbackReason.INTEGRITY_FAILED)).isEqualTo(1);
        assertThat(firstReader.metrics().fallbacks(FallbackReason.FULL_REPLAY)).isZero();
        assertThat(firstReader.metrics().snapshotHits()).isEqualTo(1);
        assertThat(firstReader.metrics().eventsReplayed()).isEqualTo(6);

        tamper(id, 3, 7);
        var secondReader = repository(SnapshotPolicy.never());
        TestAggregate replayed = secondReader.get(id);

        assertThat(replayed.state()).isEqualTo(counter.state());
        assertThat(replayed.version()).isEqualTo(9);
        assertThat(secondReader.metrics().fallbacks(FallbackReason.INTEGRITY_FAILED)).isEqualTo(2);
        assertThat(secondReader.metrics().fallbacks(FallbackReason.FULL_REPLAY)).isEqualTo(1);
        assertThat(secondReader.metrics().snapshotHits()).isZero();
        assertThat(secondReader.metrics().eventsReplayed()).isEqualTo(10);
    }

    @Test
    void a_snapshot_of_another_schema_is_skipped_and_the_stream_replayed() {
        UUID id = UUID.randomUUID();
        TestAggregate counter = saved(repository(SnapshotPolicy.never()), id, 6);
        SnapshotStore<UUID, OlderTestState> older = fixture().annals().snapshotStore(TestDomain.COUNTERS, OlderTestState.class, RETAINED);
        older.saveSnapshot(Snapshot.of(id, 4, new OlderTestState("stale", 99)));
        assertThat(older.getLatestSnapshot(id)).as("the old-shape snapshot was kept").isPresent();

        var reader = repository(SnapshotPolicy.never());
        TestAggregate loaded = reader.get(id);

        assertThat(loaded.state()).isEqualTo(counter.state());
        assertThat(reader.metrics().fallbacks(FallbackReason.SCHEMA_MISMATCH)).isEqualTo(1);
        assertThat(reader.metrics().fallbacks(FallbackReason.FULL_REPLAY)).isEqualTo(1);
        assertThat(reader.metrics().eventsReplayed()).isEqualTo(6);
    }

    @Test
    void a_conflicting_save_is_rejected_and_stores_nothing_from_the_loser() {
        var repository = repository(SnapshotPolicy.never());
        UUID id = UUID.randomUUID();
        saved(repository, id, 2);
        TestAggregate winner = repository.get(id);
        TestAggregate loser = repository.get(id);
        winner.rename("winner");
        loser.rename("loser");
        loser.count(13);

        repository.save(winner);

        assertThatThrownBy(() -> repository.save(loser)).isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
            assertThat(e.aggregateId()).isEqualTo(id);
            assertThat(e.expectedVersion()).isEqualTo(1);
            assertThat(e.actualVersion()).isEqualTo(2);
        });
        TestAggregate stored = repository.get(id);
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.state()).isEqualTo(winner.state());
        assertThat(events().loadEvents(id)).doesNotContain(new TestEvent.Renamed("loser"), new TestEvent.Counted(13));
    }

    @Test
    void a_policy_of_every_n_events_snapshots_at_the_right_versions() {
        UUID id = UUID.randomUUID();
        var repository = repository(SnapshotPolicy.everyEvents(3));
        TestAggregate counter = saved(repository, id, 2);
        assertThat(snapshots().getLatestSnapshot(id)).as("2 events are fewer than 3").isEmpty();

        addAndSave(repository, counter, 1);

        assertThat(repository.metrics().snapshotsWritten()).isEqualTo(1);
        Snapshot<UUID, TestState> snapshot = snapshots().getLatestSnapshot(id).orElseThrow(() -> new AssertionError("no snapshot"));
        assertThat(snapshot.version()).isEqualTo(2);
        assertThat(snapshot.state()).isEqualTo(counter.state());

        addAndSave(repository, counter, 2);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(2L);
        addAndSave(repository, counter, 1);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(5L);
        assertThat(repository.metrics().snapshotsWritten()).isEqualTo(2);
    }

    @Test
    void a_policy_of_every_n_events_counts_from_the_stored_snapshot_after_a_restart() {
        UUID id = UUID.randomUUID();
        var before = repository(SnapshotPolicy.everyEvents(3));
        TestAggregate counter = saved(before, id, 3);
        addAndSave(before, counter, 2);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(2L);

        var after = repository(SnapshotPolicy.everyEvents(3));
        TestAggregate reloaded = after.get(id);
        reloaded.count(1);
        after.save(reloaded);

        assertThat(after.metrics().snapshotsWritten()).as("3 events since the stored snapshot at version 2").isEqualTo(1);
        Snapshot<UUID, TestState> snapshot = snapshots().getLatestSnapshot(id).orElseThrow();
        assertThat(snapshot.version()).isEqualTo(5);
        assertThat(snapshot.state()).isEqualTo(reloaded.state());
    }

    @Test
    void a_policy_of_every_duration_uses_the_stored_snapshot_time_after_a_restart() {
        UUID id = UUID.randomUUID();
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
        SnapshotPolicy policy = SnapshotPolicy.everyEvents(3).or(SnapshotPolicy.every(Duration.ofHours(1)));
        var before = repository(policy, clock, Runnable::run);
        TestAggregate counter = saved(before, id, 3);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(2L);

        clock.advance(Duration.ofMinutes(30));
        addAndSave(before, counter, 1);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).as("30 minutes, 1 event").isEqualTo(2L);

        clock.advance(Duration.ofMinutes(31));
        var after = repository(policy, clock, Runnable::run);
        TestAggregate reloaded = after.get(id);
        reloaded.count(1);
        after.save(reloaded);

        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).as("61 minutes and 2 events since the snapshot")
                .isEqualTo(4L);
    }

    @Test
    void a_policy_on_replayed_events_snapshots_after_a_long_replay() {
        UUID id = UUID.randomUUID();
        saved(repository(SnapshotPolicy.never()), id, 6);
        var repository = repository(SnapshotPolicy.whenReplayedMoreThan(4));

        TestAggregate loaded = repository.get(id);
        loaded.count(1);
        repository.save(loaded);

        assertThat(repository.metrics().eventsReplayed()).isEqualTo(6);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(6L);
        TestAggregate again = repository.get(id);
        assertThat(repository.metrics().eventsReplayed()).as("the second load replays nothing").isEqualTo(6);
        assertThat(again.state()).isEqualTo(loaded.state());
    }

    @Test
    void snapshots_can_be_written_on_an_executor() {
        UUID id = UUID.randomUUID();
        List<Runnable> queued = new ArrayList<>();
        Executor executor = queued::add;
        var repository = repository(SnapshotPolicy.everyEvents(1), Clock.systemUTC(), executor);

        TestAggregate counter = saved(repository, id, 3);

        assertThat(queued).as("the snapshot was handed to the executor").hasSize(1);
        assertThat(snapshots().getLatestSnapshot(id)).as("not written before the executor runs it").isEmpty();
        assertThat(repository.metrics().snapshotsWritten()).isZero();
        queued.forEach(Runnable::run);
        assertThat(snapshots().getLatestSnapshot(id)).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.state()).isEqualTo(counter.state());
        });
        assertThat(repository.metrics().snapshotsWritten()).isEqualTo(1);
    }

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void bad_arguments_are_rejected_and_change_nothing() {
        var repository = repository(SnapshotPolicy.never());
        TestAggregate counter = saved(repository, UUID.randomUUID(), 2);

        assertInvalid(() -> repository.get(null), "id", "null");
        assertInvalid(() -> repository.find(null), "id", "null");
        assertInvalid(() -> repository.save(null), "aggregate", "null");

        assertThat(repository.get(counter.id()).state()).isEqualTo(counter.state());
    }

    // ---- helpers ----

    private EventStore<UUID, TestEvent> events() {
        return fixture().annals().eventStore(TestDomain.COUNTERS);
    }

    private SnapshotStore<UUID, TestState> snapshots() {
        return fixture().annals().snapshotStore(TestDomain.COUNTERS, TestState.class, RETAINED);
    }

    private EventSourcedRepository<TestAggregate, UUID> repository(SnapshotPolicy policy) {
        return repository(policy, Clock.systemUTC(), Runnable::run);
    }

    private EventSourcedRepository<TestAggregate, UUID> repository(SnapshotPolicy policy, Clock clock, Executor executor) {
        return EventSourcedRepository.builder(events(), snapshots(), TestAggregate::new)
                .policy(policy).clock(clock).snapshotExecutor(executor).build();
    }

    /** The aggregate as a repository without snapshots loads it. */
    private TestAggregate fullReplay(UUID id) {
        return EventSourcedRepository.builder(events(), TestAggregate::new).build().get(id);
    }

    /** A new aggregate with {@code count} events, saved, proven stored. */
    private TestAggregate saved(EventSourcedRepository<TestAggregate, UUID> repository, UUID id, int count) {
        TestAggregate counter = new TestAggregate(id);
        counter.open("counter " + id);
        for (int i = 1; i < count; i++) {
            counter.count(i);
        }
        repository.save(counter);
        assertThat(events().getCurrentVersion(id)).as("version after the first save").hasValue(count - 1L);
        return counter;
    }

    private static void addAndSave(EventSourcedRepository<TestAggregate, UUID> repository, TestAggregate counter, int count) {
        for (int i = 0; i < count; i++) {
            counter.count(100 + i);
        }
        repository.save(counter);
    }

    private static String stream(UUID id) {
        return TestDomain.COUNTERS.streamName(id);
    }

    /** Rewrites the snapshots at {@code versions} (all of them, oldest first) with states that no longer match their hashes. */
    private void tamper(UUID id, long... versions) {
        Annals annals = fixture().annals();
        List<StoredSnapshot> stored = new ArrayList<>(annals.backend().snapshots(stream(id)));
        java.util.Collections.reverse(stored);
        annals.backend().clearSnapshots(stream(id));
        for (StoredSnapshot snapshot : stored) {
            boolean alter = java.util.Arrays.stream(versions).anyMatch(v -> v == snapshot.version());
            byte[] state = alter ? alteredState(snapshot.state()) : snapshot.state();
            annals.backend().saveSnapshot(new StoredSnapshot(snapshot.stream(), snapshot.version(), snapshot.createdAt(),
                    snapshot.fingerprint(), snapshot.hash(), state), RETAINED);
        }
        Optional<StoredSnapshot> newest = annals.backend().snapshots(stream(id)).stream().findFirst();
        assertThat(newest).as("snapshots after tampering").isPresent();
    }

    private static byte[] alteredState(byte[] state) {
        String json = new String(state, java.nio.charset.StandardCharsets.UTF_8);
        var total = java.util.regex.Pattern.compile("\"total\":(-?\\d+)").matcher(json);
        assertThat(total.find()).as("the state has a total").isTrue();
        String altered = total.replaceFirst("\"total\":" + (Long.parseLong(total.group(1)) + 1));
        assertThat(altered).as("tampering changes the state").isNotEqualTo(json);
        return altered.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
