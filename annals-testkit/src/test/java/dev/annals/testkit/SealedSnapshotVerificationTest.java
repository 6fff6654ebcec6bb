package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.IdCodec;
import dev.annals.SnapshotPolicy;
import dev.annals.SnapshotVerification;
import dev.annals.StreamCategory;
import dev.annals.VerifiableAggregate;
import dev.annals.keys.KeyProvider;
import dev.annals.keys.MasterKey;
import dev.annals.testkit.domain.PersonAggregate;
import dev.annals.testkit.domain.PersonEvent;
import dev.annals.testkit.domain.PersonState;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link SnapshotVerification} reads snapshot states holding sealed personal data as the repository does: with
 * the store's master key they are opened and checked against the fold (read with the plain codec they would not
 * read as their state type); without one each is reported as sealed, not checked, never as unreadable.
 */
class SealedSnapshotVerificationTest {

    private static final StreamCategory<UUID, PersonEvent> PEOPLE = StreamCategory.of("person", IdCodec.uuid(), PersonEvent.class);
    private static final List<VerifiableAggregate<?, ?, ?>> CATALOG = List.of(
            VerifiableAggregate.of(PEOPLE, PersonState.class, PersonAggregate::new));

    @Test
    void sealed_states_are_checked_with_the_master_key_and_reported_as_not_checked_without_it() {
        try (Annals annals = Annals.open("memory:", KeyProvider.of(MasterKey.generate()))) {
            UUID id = UUID.randomUUID();
            EventSourcedRepository<PersonAggregate, UUID> people = EventSourcedRepository.builder(annals.eventStore(PEOPLE),
                    annals.snapshotStore(PEOPLE, PersonState.class), PersonAggregate::new).policy(SnapshotPolicy.everyEvents(1)).build();
            PersonAggregate person = new PersonAggregate(id);
            person.register("Katherine Johnson", "kj@example.org", "US");
            person.move("7 Orbit Lane", "Hampton");
            people.save(person);

            List<SnapshotVerification.Result> withKey = new SnapshotVerification(annals, CATALOG).verify(PEOPLE.streamName(id));
            List<SnapshotVerification.Result> withoutKey = new SnapshotVerification(new Annals(annals.backend()), CATALOG)
                    .verify(PEOPLE.streamName(id));

            assertThat(withKey).isNotEmpty().allSatisfy(result -> {
                assertThat(result.ok()).as(result.detail()).isTrue();
                assertThat(result.checks()).isEqualTo(SnapshotVerification.Checks.HASH_FINGERPRINT_AND_FOLD);
            });
            assertThat(withoutKey).isNotEmpty().allSatisfy(result -> {
                assertThat(result.ok()).isTrue();
                assertThat(result.checks()).isEqualTo(SnapshotVerification.Checks.HASH);
                assertThat(result.detail()).startsWith("sealed, not checked");
            });
        }
    }
}
