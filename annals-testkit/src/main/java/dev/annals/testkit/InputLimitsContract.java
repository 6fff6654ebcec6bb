package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventStore;
import dev.annals.Limits;
import dev.annals.spi.StoredEvent;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The limits role of the backend-level suites: an event up to {@value Limits#MAX_EVENT_BYTES} bytes
 * is stored whole; a larger event, or an append of more than {@value Limits#MAX_APPEND_EVENTS}
 * events or {@value Limits#MAX_APPEND_BYTES} bytes, is an {@link dev.annals.InvalidArgumentException}
 * naming the limit and writes nothing; the SPI's reads answer a limit below 1 with that exception
 * and a negative start as "from the start", the same on every backend.
 */
public abstract class InputLimitsContract extends StreamNamesContract {

    /** The bytes of a {@link TestEvent.Renamed} payload around its name: {@code {"name":""}}. */
    private static final int RENAMED_OVERHEAD = "{\"name\":\"\"}".length();

    @Test
    void an_event_at_the_size_limit_is_stored_whole_and_a_larger_one_is_refused_naming_the_limit() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        List<TestEvent> events = seed(store, id, 1);
        TestEvent largest = new TestEvent.Renamed("L".repeat(Limits.MAX_EVENT_BYTES - RENAMED_OVERHEAD));
        TestEvent tooLarge = new TestEvent.Renamed("L".repeat(Limits.MAX_EVENT_BYTES - RENAMED_OVERHEAD + 1));

        assertInvalid(() -> store.appendEvents(id, 0, List.of(new TestEvent.Counted(1), tooLarge)),
                String.valueOf(Limits.MAX_EVENT_BYTES));
        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        store.appendEvents(id, 0, List.of(largest));

        assertThat(store.loadEvents(id, 0)).containsExactly(largest);
    }

    @Test
    void an_append_of_more_events_than_the_limit_is_refused_naming_the_limit_and_writes_nothing() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        List<TestEvent> events = seed(store, id, 1);
        List<TestEvent> tooMany = new ArrayList<>();
        for (int i = 0; i <= Limits.MAX_APPEND_EVENTS; i++) {
            tooMany.add(new TestEvent.Counted(i));
        }

        assertInvalid(() -> store.appendEvents(id, 0, tooMany), String.valueOf(Limits.MAX_APPEND_EVENTS));

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(0);
    }

    @Test
    void an_append_of_more_bytes_than_the_limit_is_refused_naming_the_limit_and_writes_nothing() {
        EventStore<UUID, TestEvent> store = createStore();
        UUID id = newAggregateId();
        List<TestEvent> events = seed(store, id, 1);
        int eventBytes = 1_000_000;
        List<TestEvent> tooBig = new ArrayList<>();
        for (int i = 0; (long) i * eventBytes <= Limits.MAX_APPEND_BYTES; i++) {
            tooBig.add(new TestEvent.Renamed(i + "B".repeat(eventBytes - RENAMED_OVERHEAD - 1)));
        }

        assertInvalid(() -> store.appendEvents(id, 0, tooBig), String.valueOf(Limits.MAX_APPEND_BYTES));

        assertThat(store.loadEvents(id)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(id)).hasValue(0);
    }

    @Test
    void a_limit_below_one_is_refused_by_every_read_of_the_backend() {
        UUID id = newAggregateId();
        seed(createStore(), id, 2);
        String stream = TestDomain.COUNTERS.streamName(id);
        assertThat(backend().readStream(stream, -1, 1)).hasSize(1);

        for (int limit : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertInvalid(() -> backend().readStream(stream, -1, limit), "limit");
            assertInvalid(() -> backend().readAll(0, limit), "limit");
            assertInvalid(() -> backend().readAllBackward(Long.MAX_VALUE, limit), "limit");
            assertInvalid(() -> backend().listStreams(null, limit), "limit");
        }
    }

    @Test
    void a_negative_start_reads_a_stream_from_its_first_event_on_the_backend() {
        UUID id = newAggregateId();
        List<TestEvent> events = seed(createStore(), id, 3);
        String stream = TestDomain.COUNTERS.streamName(id);

        for (long after : new long[] {-2, -10, Long.MIN_VALUE}) {
            assertThat(backend().readStream(stream, after, 10)).extracting(StoredEvent::version).containsExactly(0L, 1L, 2L);
        }
        assertThat(createStore().loadEvents(id, -10)).containsExactlyElementsOf(events);
        assertThat(envelopes(createStore(), id, Long.MIN_VALUE)).hasSize(3);
    }
}
