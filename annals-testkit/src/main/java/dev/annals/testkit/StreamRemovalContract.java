package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.IdCodec;
import dev.annals.RecordedEvent;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.StreamCategory;
import dev.annals.StreamDeletedException;
import dev.annals.StreamState;
import dev.annals.StreamTruncatedException;
import dev.annals.TruncationRefusedException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StoredStreamState;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.testkit.domain.TestAggregate;
import dev.annals.testkit.domain.TestEvent;
import dev.annals.testkit.domain.TestState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of deleting and truncating streams, run where the backend declares
 * {@link Capability#DELETE_STREAMS} (and {@link Capability#TRUNCATE_STREAMS} for truncation, and
 * {@link Capability#SUBSCRIPTIONS} for the live subscription): a soft delete reads as absent, keeps
 * the events in the global log and lets the stream start again at the next version; a hard delete
 * removes events and snapshots, refuses every later write, and leaves a hole that pages of the log
 * and live subscriptions cross; a stale expected version deletes nothing; a truncation needs a
 * snapshot at or after its version, after which the repository loads from that snapshot, and fails
 * naming the truncation when the snapshot becomes unusable.
 *
 * <p>Each test uses a category of its own. A backend extends it with one method, {@link #fixture()}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StreamRemovalContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    private StreamCategory<UUID, TestEvent> category;
    private final List<Subscription> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void freshCategory() {
        category = StreamCategory.of("rm" + Long.toString(System.nanoTime(), 36) + NAMES.incrementAndGet(), IdCodec.uuid(),
                TestEvent.class);
    }

    @AfterEach
    void closeSubscriptions() {
        opened.forEach(Subscription::close);
    }

    // ---- soft delete ----

    @Test
    void a_soft_deleted_stream_reads_as_absent_and_its_snapshots_are_gone() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        seed(id, 3);
        snapshots().saveSnapshot(Snapshot.of(id, 2, TestState.EMPTY));

        events().deleteStream(id, 2);

        assertThat(events().loadEvents(id)).isEmpty();
        assertThat(events().getCurrentVersion(id)).isEmpty();
        assertThat(envelopes(id, -1)).isEmpty();
        assertThat(snapshots().getLatestSnapshot(id)).isEmpty();
        assertThat(repository().find(id)).isEmpty();
        assertThat(events().streamState(id).exists()).isFalse();
    }

    @Test
    void a_soft_deleted_stream_keeps_its_events_in_the_global_log() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        List<Long> positions = seed(id, 3).positions();

        events().deleteStream(id, EventStore.ANY);

        assertThat(logPositions(positions.get(0) - 1, positions.get(2))).containsExactlyElementsOf(positions);
    }

    @Test
    void an_append_after_a_soft_delete_starts_the_stream_again_after_its_deleted_last_version() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        seed(id, 3);
        seed(other, 2);
        events().deleteStream(id, 2, DeleteMode.SOFT);
        events().deleteStream(other, 1, DeleteMode.SOFT);
        List<TestEvent> again = List.of(TestEvent.of(101), TestEvent.of(102));

        assertConflict(() -> events().appendEvents(id, 2, again), id, 2, -1);
        AppendResult result = events().appendEvents(id, EventStore.NO_STREAM, again);
        AppendResult any = events().appendEvents(other, EventStore.ANY, List.of(TestEvent.of(103)));

        assertThat(result.version()).isEqualTo(4);
        assertThat(any.version()).isEqualTo(2);
        assertThat(events().loadEvents(id)).containsExactlyElementsOf(again);
        assertThat(envelopes(id, -1)).extracting(RecordedEvent::version).containsExactly(3L, 4L);
        assertThat(events().getCurrentVersion(id)).hasValue(4);
        assertThat(events().appendEvents(id, 4, List.of(TestEvent.of(104))).version()).isEqualTo(5);
    }

    /** The first pages after the start hold only hidden events: a read must go on to the visible ones, whatever the page size. */
    @Test
    void pages_of_a_stream_started_again_after_a_soft_delete_hold_its_new_events_whatever_their_size() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        seed(id, 5);
        events().deleteStream(id, 4, DeleteMode.SOFT);
        events().appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(201), TestEvent.of(202), TestEvent.of(203)));
        String stream = category.streamName(id);

        for (int limit = 1; limit <= 4; limit++) {
            List<Long> versions = new ArrayList<>();
            long after = -1;
            for (List<StoredEvent> page = backend().readStream(stream, after, limit); !page.isEmpty();
                    page = backend().readStream(stream, after, limit)) {
                page.forEach(event -> versions.add(event.version()));
                after = page.get(page.size() - 1).version();
            }
            assertThat(versions).as("the versions read in pages of %d", limit).containsExactly(5L, 6L, 7L);
        }
    }

    @Test
    void a_repository_loads_a_stream_started_again_after_a_soft_delete_from_its_new_events_only() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        var repository = repository();
        TestAggregate first = new TestAggregate(id);
        first.open("before");
        first.count(7);
        repository.save(first);
        events().deleteStream(id, 1);

        TestAggregate second = new TestAggregate(id);
        second.open("after");
        repository.save(second);
        TestAggregate loaded = repository.get(id);

        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.state()).isEqualTo(second.state());
        loaded.count(1);
        repository.save(loaded);
        assertThat(events().getCurrentVersion(id)).hasValue(3);
    }

    @Test
    void the_first_append_of_a_stream_resent_after_a_soft_delete_is_a_duplicate_not_a_retry() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        String stream = category.streamName(id);
        AppendRequest first = rawAppend(stream, EventStore.NO_STREAM, 2);
        backend().append(first);
        events().deleteStream(id, 1);

        // NO_STREAM now means "at version 2, after the deleted ones": the stored events at 0 and 1 are not that append.
        assertThatThrownBy(() -> backend().append(first)).isInstanceOf(DuplicateEventIdException.class);

        assertThat(backend().streamState(stream)).isEqualTo(new StreamState(1, 2, 0, false));
    }

    @Test
    void a_delete_with_a_stale_expected_version_is_a_conflict_and_deletes_nothing() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        seed(id, 3);

        assertConflict(() -> events().deleteStream(id, 1), id, 1, 2);
        assertConflict(() -> events().deleteStream(id, 1, DeleteMode.HARD), id, 1, 2);
        assertConflict(() -> events().deleteStream(id, EventStore.NO_STREAM, DeleteMode.HARD), id, -1, 2);

        assertThat(events().loadEvents(id)).hasSize(3);
        assertThat(events().getCurrentVersion(id)).hasValue(2);
    }

    // ---- hard delete ----

    @Test
    void a_hard_delete_removes_events_and_snapshots_and_refuses_every_later_write() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        List<Long> positions = seed(id, 3).positions();
        snapshots().saveSnapshot(Snapshot.of(id, 2, TestState.EMPTY));

        events().deleteStream(id, 2, DeleteMode.HARD);

        assertThat(events().loadEvents(id)).isEmpty();
        assertThat(events().getCurrentVersion(id)).isEmpty();
        assertThat(snapshots().getLatestSnapshot(id)).isEmpty();
        assertThat(backend().snapshots(category.streamName(id))).isEmpty();
        assertThat(logPositions(positions.get(0) - 1, positions.get(2))).isEmpty();
        assertThatThrownBy(() -> events().appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1))))
                .isInstanceOf(StreamDeletedException.class).hasMessageContaining(category.streamName(id)).hasMessageContaining("deleted");
        assertThatThrownBy(() -> events().appendEvents(id, EventStore.ANY, List.of(TestEvent.of(2))))
                .isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> events().deleteStream(id, EventStore.ANY)).isInstanceOf(StreamDeletedException.class);
        assertThat(events().loadEvents(id)).isEmpty();
        assertThat(events().streamState(id).hardDeleted()).isTrue();
    }

    @Test
    void a_hard_delete_after_a_soft_delete_removes_the_events_from_the_log_too() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        List<Long> positions = seed(id, 2).positions();
        events().deleteStream(id, 1);

        events().deleteStream(id, EventStore.NO_STREAM, DeleteMode.HARD);

        assertThat(logPositions(positions.get(0) - 1, positions.get(1))).isEmpty();
        assertThatThrownBy(() -> events().appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1))))
                .isInstanceOf(StreamDeletedException.class);
    }

    @Test
    void pages_of_the_log_cross_the_hole_of_a_hard_delete_and_positions_are_never_given_again() {
        requires(Capability.DELETE_STREAMS);
        UUID before = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        long start = seed(before, 1).positions().get(0);
        List<Long> holes = seed(deleted, 5).positions();
        List<Long> following = seed(after, 2).positions();

        events().deleteStream(deleted, 4, DeleteMode.HARD);

        List<StoredEvent> page = backend().readAll(start, 1);
        assertThat(page).extracting(StoredEvent::position).containsExactly(following.get(0));
        assertThat(logPositions(start - 1, following.get(1))).containsExactly(start, following.get(0), following.get(1));
        long next = seed(UUID.randomUUID(), 1).positions().get(0);
        assertThat(next).isGreaterThan(following.get(1)).isNotIn(holes);
    }

    @Test
    void a_live_subscription_passes_over_the_hole_of_a_hard_delete() throws Exception {
        requires(Capability.DELETE_STREAMS);
        requires(Capability.SUBSCRIPTIONS);
        List<Long> delivered = new CopyOnWriteArrayList<>();
        Subscription sub = fixture().annals().subscribe("rm-" + category.name(),
                SubscriptionOptions.startAt(Start.beginning()).categories(category).fallbackPoll(Duration.ofMillis(200)),
                (batch, context) -> batch.forEach(e -> delivered.add(e.position())));
        opened.add(sub);
        assertThat(sub.awaitCaughtUp(PATIENCE)).isTrue();

        List<Long> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            UUID gone = UUID.randomUUID();
            seed(gone, 3);
            events().deleteStream(gone, 2, DeleteMode.HARD);
            expected.addAll(seed(UUID.randomUUID(), 2).positions());
        }

        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!delivered.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(delivered).as("events delivered after the holes").containsAll(expected);
    }

    // ---- truncation ----

    @Test
    void a_truncation_without_a_snapshot_at_or_after_its_version_is_refused_and_removes_nothing() {
        requires(Capability.TRUNCATE_STREAMS);
        UUID id = UUID.randomUUID();
        seed(id, 5);

        assertThatThrownBy(() -> events().truncateBefore(id, 3)).isInstanceOfSatisfying(TruncationRefusedException.class, e -> {
            assertThat(e.beforeVersion()).isEqualTo(3);
            assertThat(e).hasMessageContaining("snapshot");
        });
        snapshots().saveSnapshot(Snapshot.of(id, 2, TestState.EMPTY));
        assertThatThrownBy(() -> events().truncateBefore(id, 3)).isInstanceOf(TruncationRefusedException.class)
                .hasMessageContaining("version 2");
        snapshots().saveSnapshot(Snapshot.of(id, 4, TestState.EMPTY));
        assertThatThrownBy(() -> events().truncateBefore(id, 5)).as("past the last event")
                .isInstanceOf(TruncationRefusedException.class).hasMessageContaining("last");
        assertThatThrownBy(() -> events().truncateBefore(UUID.randomUUID(), 1)).as("an unknown stream")
                .isInstanceOf(TruncationRefusedException.class);

        assertThat(events().loadEvents(id)).hasSize(5);
    }

    @Test
    void a_truncation_removes_the_events_before_its_version_from_the_stream_and_the_log() {
        requires(Capability.TRUNCATE_STREAMS);
        UUID id = UUID.randomUUID();
        List<TestEvent> seeded = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seeded.add(TestEvent.of(i + 1));
        }
        List<Long> positions = events().appendEvents(id, EventStore.NO_STREAM, seeded).positions();
        snapshots().saveSnapshot(Snapshot.of(id, 4, TestState.EMPTY));

        events().truncateBefore(id, 4);

        assertThat(events().loadEvents(id)).containsExactlyElementsOf(seeded.subList(4, 6));
        assertThat(envelopes(id, -1)).extracting(RecordedEvent::version).containsExactly(4L, 5L);
        assertThat(events().getCurrentVersion(id)).hasValue(5);
        assertThat(logPositions(positions.get(0) - 1, positions.get(5))).containsExactlyElementsOf(positions.subList(4, 6));
        assertThat(events().appendEvents(id, 5, List.of(TestEvent.of(99))).version()).isEqualTo(6);
        assertThat(events().streamState(id).truncatedBefore()).isEqualTo(4);
    }

    @Test
    void the_repository_loads_a_truncated_stream_from_the_snapshot() {
        requires(Capability.TRUNCATE_STREAMS);
        UUID id = UUID.randomUUID();
        TestAggregate full = savedWithSnapshotAt4(id);

        events().truncateBefore(id, 4);
        TestAggregate loaded = repository().get(id);

        assertThat(loaded.version()).isEqualTo(5);
        assertThat(loaded.state()).isEqualTo(full.state());
    }

    @Test
    void the_repository_fails_naming_the_truncation_when_the_snapshot_becomes_unusable() {
        requires(Capability.TRUNCATE_STREAMS);
        UUID id = UUID.randomUUID();
        savedWithSnapshotAt4(id);
        events().truncateBefore(id, 4);

        tamperSnapshots(id);

        assertThatThrownBy(() -> repository().get(id)).isInstanceOfSatisfying(StreamTruncatedException.class, e -> {
            assertThat(e.truncatedBefore()).isEqualTo(4);
            assertThat(e.aggregateId()).isEqualTo(id);
            assertThat(e).hasMessageContaining("truncated before version 4");
        });
    }

    // ---- bad input ----

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    void bad_arguments_to_delete_and_truncate_are_refused_and_change_nothing() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        seed(id, 2);

        assertInvalid(() -> events().deleteStream(id, -3), "expected version");
        assertInvalid(() -> events().deleteStream(id, 1, null), "delete mode");
        assertInvalid(() -> events().deleteStream(null, 1), "id");
        if (backend().capabilities().contains(Capability.TRUNCATE_STREAMS)) {
            assertInvalid(() -> events().truncateBefore(id, -1), "truncate");
        }

        assertThat(events().loadEvents(id)).hasSize(2);
    }

    // ---- the marks a copy records ----

    @Test
    void a_recorded_truncation_lets_the_remaining_events_be_appended_at_their_own_versions() {
        requires(Capability.TRUNCATE_STREAMS);
        UUID id = UUID.randomUUID();
        String stream = category.streamName(id);

        backend().restoreStreamState(stream, new StreamState(5, 0, 3, false));

        StreamState recorded = backend().streamState(stream);
        assertThat(recorded.truncatedBefore()).as("truncatedBefore").isEqualTo(3);
        assertThat(recorded.exists()).as("a stream whose remaining events are not stored yet reads as absent").isFalse();
        assertThat(recorded.nextVersion()).as("the version its first remaining event goes at").isEqualTo(3);
        AppendRequest remaining = rawAppend(stream, EventStore.NO_STREAM, 3);
        AppendResult written = backend().append(remaining);
        assertThat(written.version()).isEqualTo(5);
        assertThat(backend().streamState(stream)).isEqualTo(new StreamState(5, 0, 3, false));
        assertThat(events().loadEvents(id)).hasSize(3);
        assertThat(envelopes(id, -1)).extracting(RecordedEvent::version).containsExactly(3L, 4L, 5L);
        assertThat(backend().append(remaining).duplicate()).as("a retry of the first remaining append is recognized").isTrue();
        assertThat(backend().streamState(stream).lastVersion()).isEqualTo(5);
    }

    @Test
    void a_recorded_soft_delete_hides_the_events_held_and_the_stream_continues_after_them() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        String stream = category.streamName(id);
        seed(id, 3);

        backend().restoreStreamState(stream, new StreamState(2, 3, 0, false));

        assertThat(events().loadEvents(id)).isEmpty();
        assertThat(events().getCurrentVersion(id)).isEmpty();
        assertThat(events().appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1))).version()).isEqualTo(3);
        assertThat(backend().streamState(stream)).isEqualTo(new StreamState(3, 3, 0, false));
        backend().restoreStreamState(stream, new StreamState(3, 3, 0, false));
        assertThat(events().loadEvents(id)).as("recording the marks the stream has changes nothing").hasSize(1);
    }

    @Test
    void a_recorded_hard_delete_refuses_every_later_write() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        String stream = category.streamName(id);

        backend().restoreStreamState(stream, new StreamState(4, 0, 0, true));

        assertThat(backend().streamState(stream).hardDeleted()).isTrue();
        assertThatThrownBy(() -> events().appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1))))
                .isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> backend().append(rawAppend(stream, EventStore.ANY, 1))).isInstanceOf(StreamDeletedException.class);
        assertThatThrownBy(() -> backend().restoreStreamState(stream, new StreamState(4, 0, 0, false)))
                .isInstanceOf(StreamDeletedException.class);
        assertThat(events().loadEvents(id)).isEmpty();
    }

    @Test
    void a_recorded_state_that_the_events_held_do_not_fit_is_refused_and_changes_nothing() {
        requires(Capability.DELETE_STREAMS);
        UUID id = UUID.randomUUID();
        String stream = category.streamName(id);
        seed(id, 3);

        assertInvalid(() -> backend().restoreStreamState(stream, new StreamState(2, 0, 0, true)), "holds events");
        assertInvalid(() -> backend().restoreStreamState(stream, new StreamState(1, 2, 0, false)), "at version 2");
        if (backend().capabilities().contains(Capability.TRUNCATE_STREAMS)) {
            assertInvalid(() -> backend().restoreStreamState(stream, new StreamState(2, 0, 1, false)), "below the recorded truncation");
        }

        assertThat(backend().streamState(stream)).isEqualTo(StreamState.of(2));
        assertThat(events().loadEvents(id)).hasSize(3);
    }

    @Test
    void the_deleted_and_truncated_streams_are_listed_with_their_states_in_name_order() {
        requires(Capability.DELETE_STREAMS);
        UUID soft = UUID.randomUUID();
        UUID hard = UUID.randomUUID();
        UUID untouched = UUID.randomUUID();
        seed(soft, 2);
        seed(hard, 1);
        seed(untouched, 1);
        events().deleteStream(soft, 1);
        events().deleteStream(hard, 0, DeleteMode.HARD);

        List<StoredStreamState> listed = new ArrayList<>();
        @Nullable String after = null;
        while (true) {
            List<StoredStreamState> page = backend().streamStates(after, 1);
            if (page.isEmpty()) {
                break;
            }
            assertThat(page).hasSize(1);
            if (category.contains(page.get(0).stream())) {
                listed.add(page.get(0));
            }
            after = page.get(0).stream();
        }

        List<StoredStreamState> expected = new ArrayList<>(List.of(
                new StoredStreamState(category.streamName(soft), backend().streamState(category.streamName(soft))),
                new StoredStreamState(category.streamName(hard), backend().streamState(category.streamName(hard)))));
        expected.sort(java.util.Comparator.comparing(StoredStreamState::stream));
        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(listed.get(0).state().removed()).isTrue();
    }

    // ---- helpers ----

    private void requires(Capability capability) {
        assumeTrue(backend().capabilities().contains(capability), "the backend does not declare " + capability);
    }

    private StorageBackend backend() {
        return fixture().annals().backend();
    }

    private EventStore<UUID, TestEvent> events() {
        return fixture().annals().eventStore(category);
    }

    private SnapshotStore<UUID, TestState> snapshots() {
        return fixture().annals().snapshotStore(category, TestState.class, 2);
    }

    private EventSourcedRepository<TestAggregate, UUID> repository() {
        return EventSourcedRepository.builder(events(), snapshots(), TestAggregate::new).policy(SnapshotPolicy.never()).build();
    }

    /** Appends {@code count} events to the new stream of {@code id} and proves they are stored. */
    private AppendResult seed(UUID id, int count) {
        List<TestEvent> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeded.add(TestEvent.of(NAMES.incrementAndGet()));
        }
        AppendResult result = events().appendEvents(id, EventStore.NO_STREAM, seeded);
        assertThat(events().loadEvents(id)).as("the events just appended").containsExactlyElementsOf(seeded);
        return result;
    }

    /** An append of {@code count} new events made of bytes, to {@code stream}, as a copy makes it. */
    private static AppendRequest rawAppend(String stream, long expectedVersion, int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(UUID.randomUUID(), "testkit-counted", 1, new byte[0],
                    ("{\"amount\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        return new AppendRequest(stream, expectedVersion, events, java.time.Instant.now());
    }

    /** An aggregate of 6 events saved with a snapshot at version 4, as it was then. */
    private TestAggregate savedWithSnapshotAt4(UUID id) {
        var writer = EventSourcedRepository.builder(events(), snapshots(), TestAggregate::new)
                .policy(SnapshotPolicy.everyEvents(5)).build();
        TestAggregate counter = new TestAggregate(id);
        counter.open("truncated");
        for (int i = 1; i <= 4; i++) {
            counter.count(i);
        }
        writer.save(counter);
        counter.count(10);
        writer.save(counter);
        assertThat(snapshots().getLatestSnapshot(id)).get().extracting(Snapshot::version).isEqualTo(4L);
        assertThat(counter.version()).isEqualTo(5);
        return counter;
    }

    /** Alters the state of every stored snapshot of {@code id} behind the hash, so that none passes its integrity check. */
    private void tamperSnapshots(UUID id) {
        String stream = category.streamName(id);
        List<StoredSnapshot> stored = backend().snapshots(stream);
        assertThat(stored).as("snapshots to tamper with").isNotEmpty();
        for (StoredSnapshot snapshot : stored) {
            String json = new String(snapshot.state(), StandardCharsets.UTF_8);
            byte[] altered = json.replaceFirst("\"truncated\"", "\"tampered\"").getBytes(StandardCharsets.UTF_8);
            assertThat(altered).as("tampering changes the state").isNotEqualTo(snapshot.state());
            backend().saveSnapshot(new StoredSnapshot(stream, snapshot.version(), snapshot.createdAt(), snapshot.fingerprint(),
                    snapshot.hash(), altered), 2);
        }
    }

    private List<RecordedEvent<TestEvent>> envelopes(UUID id, long afterVersion) {
        try (var stream = events().readStream(id, afterVersion)) {
            return stream.toList();
        }
    }

    /** The positions of this test's events that the log holds after {@code after} up to {@code upTo}, read in pages of one. */
    private List<Long> logPositions(long after, long upTo) {
        List<Long> result = new ArrayList<>();
        long cursor = after;
        while (true) {
            List<StoredEvent> page = backend().readAll(cursor, 1);
            if (page.isEmpty() || page.get(0).position() > upTo) {
                return result;
            }
            if (category.contains(page.get(0).stream())) {
                result.add(page.get(0).position());
            }
            cursor = page.get(0).position();
        }
    }

    private static void assertConflict(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, UUID id, long expected,
            long actual) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
            assertThat(e.aggregateId()).as("aggregateId()").isEqualTo(id);
            assertThat(e.expectedVersion()).as("expectedVersion()").isEqualTo(expected);
            assertThat(e.actualVersion()).as("actualVersion()").isEqualTo(actual);
        });
    }
}
