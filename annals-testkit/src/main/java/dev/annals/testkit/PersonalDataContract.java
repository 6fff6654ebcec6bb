package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventSourcedRepository;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.MasterKeyException;
import dev.annals.RecordedEvent;
import dev.annals.SerializationException;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotStore;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredKey;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.testkit.domain.PersonAggregate;
import dev.annals.testkit.domain.PersonEvent;
import dev.annals.testkit.domain.PersonState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The crypto-shredding contract every backend with {@link Capability#KEY_STORAGE} passes: personal
 * values are stored sealed and everything else plain; after {@code forget} no path (load, the global
 * log, a subscription, a snapshot) returns them, while versions, positions and unmarked values stay;
 * the repository still loads the aggregate; a retried append with personal data is recognized; a
 * wrong or missing master key and a moved sealed value are typed errors; keys are entries that copy
 * as they are. Each test uses a category of its own over the fixture's store; searching the store's
 * files for a forgotten key's bytes is each durable backend's own test.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class PersonalDataContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final byte[] MASTER = MasterKey.generate();

    protected abstract AnnalsFixture fixture();

    private StreamCategory<UUID, PersonEvent> people;
    private Annals annals;

    @BeforeEach
    void freshCategoryOverAKeyedStore() {
        assumeThat(fixture().annals().capabilities()).contains(Capability.KEY_STORAGE);
        people = StreamCategory.of("pd" + Long.toString(System.nanoTime(), 36) + NAMES.incrementAndGet(), IdCodec.uuid(),
                PersonEvent.class);
        annals = keyed(KeyProvider.of(MASTER));
    }

    /** The store as a process that never read its keys sees it: no cache hides what storage kept. */
    private Annals anotherProcess() {
        return keyed(KeyProvider.of(MASTER));
    }

    /** The fixture's store, sealing with {@code keys}; it shares the fixture's backend, so it is never closed here. */
    private Annals keyed(KeyProvider keys) {
        return new Annals(fixture().annals().backend(), Instrumentation.NONE, keys);
    }

    private EventStore<UUID, PersonEvent> events() {
        return annals.eventStore(people);
    }

    private static String raw(StoredEvent event) {
        return new String(event.payload(), StandardCharsets.UTF_8);
    }

    private List<StoredEvent> stored(UUID id) {
        return annals.backend().readStream(people.streamName(id), -1, 100);
    }

    @Test
    void marked_values_are_stored_sealed_and_everything_else_plain() {
        UUID id = UUID.randomUUID();
        events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Ada Lovelace", "ada@example.org", "UK", 3)),
                EventData.of(new PersonEvent.Moved(new PersonEvent.Address("12 Analytical Row", "London")))));

        List<StoredEvent> stored = stored(id);
        assertThat(stored).hasSize(2);
        assertThat(raw(stored.get(0))).doesNotContain("Ada Lovelace").doesNotContain("ada@example.org")
                .contains("\"country\":\"UK\"").contains("\"tier\":3").contains("annals:sealed");
        assertThat(raw(stored.get(1))).doesNotContain("Analytical").contains("\"city\":\"London\"");
        assertThat(events().loadEvents(id)).containsExactly(new PersonEvent.Registered("Ada Lovelace", "ada@example.org", "UK", 3),
                new PersonEvent.Moved(new PersonEvent.Address("12 Analytical Row", "London")));
    }

    @Test
    void after_forget_no_path_returns_a_marked_value_and_the_rest_reads_unchanged() throws Exception {
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        AppendResult written = events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Grace Hopper", "grace@example.org", "US", 2)),
                EventData.of(new PersonEvent.Moved(new PersonEvent.Address("1 Compiler Way", "Arlington")))));
        events().append(other, -1, List.of(EventData.of(new PersonEvent.Registered("Alan Turing", "alan@example.org", "UK", 1))));

        assertThat(annals.forget(people.streamName(id))).isTrue();
        annals = anotherProcess();

        assertThat(events().loadEvents(id)).containsExactly(new PersonEvent.Registered(null, null, "US", 2),
                new PersonEvent.Moved(new PersonEvent.Address(null, "Arlington")));
        assertThat(events().getCurrentVersion(id)).hasValue(1);
        List<RecordedEvent<Object>> log = annals.eventLog(people).readAll(written.positions().get(0) - 1, 10_000).stream()
                .filter(event -> people.contains(event.stream())).toList();
        assertThat(log).extracting(RecordedEvent::position).startsWith(written.positions().toArray(Long[]::new));
        assertThat(log.get(0).event()).isEqualTo(new PersonEvent.Registered(null, null, "US", 2));
        assertThat(log).extracting(RecordedEvent::event)
                .contains(new PersonEvent.Registered("Alan Turing", "alan@example.org", "UK", 1));
        if (annals.capabilities().contains(Capability.SUBSCRIPTIONS)) {
            List<Object> delivered = new CopyOnWriteArrayList<>();
            try (Subscription subscription = annals.subscribe("pd-" + people.name(), SubscriptionOptions.startAt(Start.beginning())
                    .categories(people), (batch, context) -> batch.forEach(event -> delivered.add(event.event())))) {
                assertThat(subscription.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            }
            assertThat(delivered).contains(new PersonEvent.Registered(null, null, "US", 2),
                    new PersonEvent.Registered("Alan Turing", "alan@example.org", "UK", 1));
            assertThat(delivered.toString()).doesNotContain("Grace").doesNotContain("Compiler");
        }
        assertThat(events().loadEvents(other)).containsExactly(new PersonEvent.Registered("Alan Turing", "alan@example.org", "UK", 1));
        assertThat(annals.forget(people.streamName(id))).as("a second forget finds no key").isFalse();
    }

    @Test
    void snapshots_of_a_forgotten_subject_are_cleared_and_the_repository_still_loads_the_aggregate() {
        UUID id = UUID.randomUUID();
        SnapshotStore<UUID, PersonState> snapshots = annals.snapshotStore(people, PersonState.class);
        EventSourcedRepository<PersonAggregate, UUID> repository = EventSourcedRepository.builder(events(), snapshots,
                PersonAggregate::new).policy(SnapshotPolicy.everyEvents(1)).build();
        PersonAggregate person = new PersonAggregate(id);
        person.register("Katherine Johnson", "kj@example.org", "US");
        person.move("7 Orbit Lane", "Hampton");
        repository.save(person);
        assertThat(snapshots.getLatestSnapshot(id)).get().satisfies(snapshot ->
                assertThat(snapshot.state()).isEqualTo(new PersonState("Katherine Johnson", "US", 1)));
        assertThat(new String(annals.backend().snapshots(people.streamName(id)).get(0).state(), StandardCharsets.UTF_8))
                .doesNotContain("Katherine").contains("\"country\":\"US\"");

        annals.forget(people.streamName(id));
        annals = anotherProcess();

        assertThat(annals.backend().snapshots(people.streamName(id))).as("snapshots holding the subject's data").isEmpty();
        PersonAggregate loaded = EventSourcedRepository.builder(events(), annals.snapshotStore(people, PersonState.class),
                PersonAggregate::new).build().get(id);
        assertThat(loaded.version()).isEqualTo(1);
        assertThat(loaded.state()).isEqualTo(new PersonState(null, "US", 1));
    }

    @Test
    void forget_clears_the_snapshots_of_the_subjects_stream_even_without_events() {
        UUID id = UUID.randomUUID();
        SnapshotStore<UUID, PersonState> snapshots = annals.snapshotStore(people, PersonState.class);
        snapshots.saveSnapshot(new Snapshot<>(id, 4, new PersonState("Mary Jackson", "US", 0), Instant.now()));

        assertThat(annals.forget(people.streamName(id))).as("the snapshot made the subject's key").isTrue();

        assertThat(snapshots.getLatestSnapshot(id)).isEmpty();
        assertThat(annals.backend().snapshots(people.streamName(id))).isEmpty();
    }

    @Test
    void a_data_subject_names_whose_key_seals_the_values_across_streams() {
        String ada = "customer-" + UUID.randomUUID();
        String alan = "customer-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        events().append(first, -1, List.of(EventData.of(new PersonEvent.OrderPlaced(ada, "Ada at home", 1200)),
                EventData.of(new PersonEvent.OrderPlaced(alan, "Alan at work", 700))));
        events().append(second, -1, List.of(EventData.of(new PersonEvent.OrderPlaced(ada, "Ada at work", 300))));
        assertThat(stored(first)).extracting(PersonalDataContract::raw).noneMatch(raw -> raw.contains(" at "));

        annals.forget(ada);
        annals = anotherProcess();

        assertThat(events().loadEvents(first)).containsExactly(new PersonEvent.OrderPlaced(ada, null, 1200),
                new PersonEvent.OrderPlaced(alan, "Alan at work", 700));
        assertThat(events().loadEvents(second)).containsExactly(new PersonEvent.OrderPlaced(ada, null, 300));
    }

    @Test
    void a_retried_append_with_personal_data_is_recognized_and_not_refused_as_a_reused_id() {
        UUID id = UUID.randomUUID();
        List<EventData<PersonEvent>> append = List.of(EventData.of(new PersonEvent.Registered("Edsger", "ewd@example.org", "NL", 1)),
                EventData.of(new PersonEvent.Moved(new PersonEvent.Address("Plantage 1", "Austin"))));
        AppendResult first = events().append(id, -1, append);

        AppendResult retried = events().append(id, -1, append);

        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.positions()).isEqualTo(first.positions());
        assertThat(stored(id)).hasSize(2);
    }

    @Test
    void a_wrong_master_key_is_a_typed_error_and_changes_nothing() {
        UUID id = UUID.randomUUID();
        events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Barbara", "bl@example.org", "US", 1))));
        Annals wrong = keyed(KeyProvider.of(MasterKey.generate()));

        assertThatThrownBy(() -> wrong.eventStore(people).loadEvents(id)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("master key").hasMessageContaining(people.streamName(id));
        assertThatThrownBy(() -> wrong.eventStore(people).append(id, 0, List.of(EventData.of(
                new PersonEvent.Registered("X", "x@example.org", "US", 1))))).isInstanceOf(MasterKeyException.class);
        assertThat(events().loadEvents(id)).containsExactly(new PersonEvent.Registered("Barbara", "bl@example.org", "US", 1));
    }

    @Test
    void without_a_master_key_personal_data_is_neither_stored_in_clear_nor_read() {
        UUID id = UUID.randomUUID();
        Annals plain = new Annals(fixture().annals().backend());
        assertThatThrownBy(() -> plain.eventStore(people).append(id, -1, List.of(EventData.of(
                new PersonEvent.Registered("Radia", "rp@example.org", "US", 1))))).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("KeyProvider");
        assertThat(events().getCurrentVersion(id)).isEmpty();

        events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Radia", "rp@example.org", "US", 1))));
        assertThatThrownBy(() -> plain.eventStore(people).loadEvents(id)).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("KeyProvider");
    }

    @Test
    void a_sealed_value_moved_to_another_field_is_a_typed_error_not_a_silent_value() {
        UUID id = UUID.randomUUID();
        events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Frances", "fa@example.org", "US", 1))));
        StoredEvent original = stored(id).get(0);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        byte[] swapped;
        try {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(original.payload());
            var name = tree.get("name");
            tree.set("name", tree.get("email"));
            tree.set("email", name);
            swapped = mapper.writeValueAsBytes(tree);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        annals.backend().append(new AppendRequest(original.stream(), 0, List.of(new NewEvent(UUID.randomUUID(), original.type(),
                original.schemaVersion(), new byte[0], swapped)), Instant.now()));

        assertThatThrownBy(() -> events().loadEvents(id)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("/name").hasMessageContaining("does not open");
    }

    @Test
    void keys_are_entries_that_copy_as_they_are() {
        UUID id = UUID.randomUUID();
        events().append(id, -1, List.of(EventData.of(new PersonEvent.Registered("Hedy", "hl@example.org", "AT", 1))));
        KeyStorage keys = annals.backend().keyStorage().orElseThrow();
        String subject = people.streamName(id);
        byte[] wrapped = keys.find(subject).orElseThrow();
        assertThat(new String(wrapped, StandardCharsets.ISO_8859_1)).doesNotContain("Hedy");
        assertThat(keys.putIfAbsent(subject, new byte[] {1, 2, 3})).as("the stored key wins").isEqualTo(wrapped);

        String before = subject.substring(0, subject.length() - 1);
        List<StoredKey> page = keys.keys(before, 1000);
        assertThat(page).extracting(StoredKey::subject).contains(subject).isSorted();
        assertThat(page.stream().filter(key -> key.subject().equals(subject)).findFirst().orElseThrow().wrappedKey())
                .isEqualTo(wrapped);
        List<StoredKey> after = keys.keys(subject, 1000);
        assertThat(after).extracting(StoredKey::subject).doesNotContain(subject);

        assertThat(Map.of("deleted", keys.delete(subject), "again", keys.delete(subject))).containsEntry("deleted", true)
                .containsEntry("again", false);
        assertThat(keys.find(subject)).isEmpty();
        keys.eraseDeleted();
    }
}
