package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.MultiStreamConflictException;
import dev.annals.StreamAppend;
import dev.annals.spi.Capability;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The multi-stream role of the backend-level suites, run only where the backend declares
 * {@link Capability#MULTI_STREAM_APPEND}: {@link Annals#appendAll} writes to streams of several
 * categories all or nothing, reports every stream whose expected version did not match, recognizes
 * a retry, and refuses a stored event id, a repeated id or a repeated stream while writing nothing.
 */
public abstract class MultiStreamAppendContract extends InputLimitsContract {

    /** Skips the calling test where the backend does not declare the capability. */
    private void requireTheCapability() {
        assumeTrue(backend().capabilities().contains(Capability.MULTI_STREAM_APPEND),
                "the backend does not declare " + Capability.MULTI_STREAM_APPEND);
    }

    @Test
    void a_multi_stream_append_writes_to_streams_of_two_categories_at_once() {
        requireTheCapability();
        UUID counter = newAggregateId();
        List<TestEvent> seeded = seed(createStore(), counter, 2);
        UUID other = newAggregateId();
        List<TestEvent> first = events(2);
        List<TestEvent> second = events(1);

        List<AppendResult> results = fixture().annals().appendAll(List.of(
                StreamAppend.of(TestDomain.COUNTERS, counter, 1, first),
                StreamAppend.of(TestDomain.OTHER_COUNTERS, other, EventStore.NO_STREAM, second)));

        assertThat(results).extracting(AppendResult::version).containsExactly(3L, 0L);
        assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, false);
        assertThat(concat(results.get(0).positions(), results.get(1).positions())).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(createStore().loadEvents(counter)).containsExactlyElementsOf(concat(seeded, first));
        assertThat(others().loadEvents(other)).containsExactlyElementsOf(second);
    }

    @Test
    void a_multi_stream_append_with_stale_versions_reports_every_conflicting_stream_and_writes_nothing() {
        requireTheCapability();
        UUID matching = newAggregateId();
        List<TestEvent> matchingEvents = seed(createStore(), matching, 2);
        UUID stale = newAggregateId();
        List<TestEvent> staleEvents = seed(others(), stale, 1);
        UUID missing = newAggregateId();

        assertThatThrownBy(() -> fixture().annals().appendAll(List.of(
                StreamAppend.of(TestDomain.COUNTERS, matching, 1, events(1)),
                StreamAppend.of(TestDomain.OTHER_COUNTERS, stale, 5, events(1)),
                StreamAppend.of(TestDomain.COUNTERS, missing, 0, events(2)))))
                .isInstanceOfSatisfying(MultiStreamConflictException.class, e -> {
                    assertThat(e.conflicts()).hasSize(2);
                    var first = e.conflicts().get(0);
                    assertThat(first.aggregateId()).isEqualTo(stale);
                    assertThat(first.stream()).isEqualTo(TestDomain.OTHER_COUNTERS.streamName(stale));
                    assertThat(first.expectedVersion()).isEqualTo(5);
                    assertThat(first.actualVersion()).isEqualTo(0);
                    var second = e.conflicts().get(1);
                    assertThat(second.aggregateId()).isEqualTo(missing);
                    assertThat(second.stream()).isEqualTo(TestDomain.COUNTERS.streamName(missing));
                    assertThat(second.expectedVersion()).isEqualTo(0);
                    assertThat(second.actualVersion()).isEqualTo(-1);
                });

        assertThat(createStore().loadEvents(matching)).containsExactlyElementsOf(matchingEvents);
        assertThat(others().loadEvents(stale)).containsExactlyElementsOf(staleEvents);
        assertThat(createStore().getCurrentVersion(missing)).isEmpty();
    }

    @Test
    void a_retried_multi_stream_append_returns_the_original_results_and_writes_nothing() {
        requireTheCapability();
        UUID first = newAggregateId();
        UUID second = newAggregateId();
        List<EventData<TestEvent>> firstData = data(2);
        List<EventData<TestEvent>> secondData = data(1);
        List<StreamAppend<?, ?>> appends = List.of(
                new StreamAppend<>(TestDomain.COUNTERS, first, EventStore.NO_STREAM, List.copyOf(firstData)),
                new StreamAppend<>(TestDomain.OTHER_COUNTERS, second, EventStore.NO_STREAM, List.copyOf(secondData)));
        List<AppendResult> original = fixture().annals().appendAll(appends);

        List<AppendResult> retried = fixture().annals().appendAll(appends);

        assertThat(retried).extracting(AppendResult::duplicate).containsExactly(true, true);
        assertThat(retried).extracting(AppendResult::version).containsExactlyElementsOf(original.stream().map(AppendResult::version).toList());
        assertThat(retried).extracting(AppendResult::positions)
                .containsExactlyElementsOf(original.stream().map(AppendResult::positions).toList());
        assertThat(createStore().loadEvents(first)).containsExactlyElementsOf(payloads(firstData));
        assertThat(others().loadEvents(second)).containsExactlyElementsOf(payloads(secondData));
    }

    @Test
    void a_multi_stream_append_reusing_a_stored_event_id_is_refused_and_writes_nothing() {
        requireTheCapability();
        UUID holder = newAggregateId();
        List<EventData<TestEvent>> held = data(1);
        createStore().append(holder, EventStore.NO_STREAM, held);
        assertThat(createStore().loadEvents(holder)).containsExactlyElementsOf(payloads(held));
        UUID first = newAggregateId();
        UUID second = newAggregateId();

        assertThatThrownBy(() -> fixture().annals().appendAll(List.of(
                StreamAppend.of(TestDomain.COUNTERS, first, EventStore.NO_STREAM, events(2)),
                new StreamAppend<>(TestDomain.OTHER_COUNTERS, second, EventStore.NO_STREAM, List.copyOf(held)))))
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(held.get(0).eventId()));

        assertThat(createStore().getCurrentVersion(first)).isEmpty();
        assertThat(others().getCurrentVersion(second)).isEmpty();
        assertThat(createStore().loadEvents(holder)).containsExactlyElementsOf(payloads(held));
    }

    @Test
    void a_multi_stream_append_naming_a_stream_or_an_event_id_twice_is_refused_and_writes_nothing() {
        requireTheCapability();
        UUID id = newAggregateId();
        List<TestEvent> events = seed(createStore(), id, 1);
        UUID other = newAggregateId();
        EventData<TestEvent> shared = EventData.of(newEvent(nextSeed()));

        assertInvalid(() -> fixture().annals().appendAll(List.of(
                StreamAppend.of(TestDomain.COUNTERS, id, 0, events(1)),
                StreamAppend.of(TestDomain.COUNTERS, id, 1, events(1)))), "twice");
        assertInvalid(() -> fixture().annals().appendAll(List.of(
                new StreamAppend<>(TestDomain.COUNTERS, id, 0, List.of(shared)),
                new StreamAppend<>(TestDomain.OTHER_COUNTERS, other, EventStore.NO_STREAM, List.of(shared)))), "twice");

        assertThat(createStore().loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(others().getCurrentVersion(other)).isEmpty();
    }

    private EventStore<UUID, TestEvent> others() {
        return fixture().annals().eventStore(TestDomain.OTHER_COUNTERS);
    }
}
