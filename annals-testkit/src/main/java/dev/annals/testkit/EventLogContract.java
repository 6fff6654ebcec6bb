package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventLog;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import dev.annals.StreamCategory;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventLog}, the global order of every stream: positions strictly
 * increasing in commit order, exclusive forward reads that page through every event exactly once,
 * backward reads, the head position, undecoded payloads of unknown categories, bad arguments, and
 * concurrent writers (a reader tailing the log never skips an event that commits later with a lower
 * position); and, on a durable fixture, the role of {@link DurableLogContract}.
 *
 * <p>The fixture's store may hold other events: every test only looks at the events it wrote.
 */
public abstract class EventLogContract extends DurableLogContract {

    private static final int WRITERS = 4;
    private static final int APPENDS_PER_WRITER = 25;

    private final AtomicInteger seeds = new AtomicInteger(1);

    @Test
    void global_positions_strictly_increase_in_commit_order_across_streams() {
        EventStore<UUID, TestEvent> store = counters();
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Long> positions = new ArrayList<>();
        Map<UUID, Long> versions = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            UUID id = ids.get(i % 3);
            long expected = versions.getOrDefault(id, -1L);
            AppendResult result = store.appendEvents(id, expected, List.of(event(), event()));
            versions.put(id, result.version());
            positions.addAll(result.positions());
        }

        assertThat(positions).hasSize(18).isSorted().doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isPositive());
        List<RecordedEvent<Object>> read = ours(log().readAll(positions.get(0) - 1, 1000), ids);
        assertThat(read).extracting(RecordedEvent::position).containsExactlyElementsOf(positions);
    }

    @Test
    void read_all_is_exclusive_of_the_from_position() {
        List<Written> written = write(3);
        long first = written.get(0).position();

        List<RecordedEvent<Object>> read = log().readAll(first, 1000);

        assertThat(read).extracting(RecordedEvent::position).doesNotContain(first).allSatisfy(p -> assertThat(p).isGreaterThan(first));
        assertThat(read).extracting(RecordedEvent::eventId).contains(written.get(1).eventId(), written.get(2).eventId());
        assertThat(log().readAll(first - 1, 1)).singleElement().extracting(RecordedEvent::eventId).isEqualTo(written.get(0).eventId());
    }

    @Test
    void paging_through_the_log_reaches_every_event_exactly_once_in_order() {
        long start = log().headPosition();
        List<Written> written = write(23);

        List<RecordedEvent<Object>> pages = new ArrayList<>();
        long from = start;
        for (int guard = 0; guard < 1000; guard++) {
            List<RecordedEvent<Object>> page = log().readAll(from, 5);
            assertThat(page.size()).isLessThanOrEqualTo(5);
            if (page.isEmpty()) {
                break;
            }
            pages.addAll(page);
            from = page.get(page.size() - 1).position();
        }

        List<UUID> ids = written.stream().map(Written::eventId).toList();
        assertThat(pages).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(pages).extracting(RecordedEvent::eventId).filteredOn(ids::contains).containsExactlyElementsOf(ids);
    }

    @Test
    void the_log_holds_full_envelopes_with_decoded_payloads() {
        EventStore<UUID, TestEvent> store = counters();
        UUID id = UUID.randomUUID();
        Metadata metadata = Metadata.EMPTY.withActor("testkit").with("k", "v");
        var data = new EventData<TestEvent>(UUID.randomUUID(), new TestEvent.Renamed("logged"), metadata);
        AppendResult result = store.append(id, EventStore.NO_STREAM, List.of(data));

        RecordedEvent<Object> read = log().readAll(result.positions().get(0) - 1, 1).get(0);

        assertThat(read.eventId()).isEqualTo(data.eventId());
        assertThat(read.stream()).isEqualTo(TestDomain.COUNTERS.streamName(id));
        assertThat(read.type()).isEqualTo("testkit-renamed");
        assertThat(read.version()).isZero();
        assertThat(read.position()).isEqualTo(result.positions().get(0));
        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.event()).isEqualTo(new TestEvent.Renamed("logged"));
        assertThat(read.recordedAt()).isNotNull();
    }

    @Test
    void events_of_categories_the_log_was_not_given_come_as_json() {
        EventStore<UUID, TestEvent> others = fixture().annals().eventStore(TestDomain.OTHER_COUNTERS);
        UUID id = UUID.randomUUID();
        AppendResult result = others.appendEvents(id, EventStore.NO_STREAM, List.of(new TestEvent.Counted(42)));

        RecordedEvent<Object> read = log().readAll(result.positions().get(0) - 1, 1).get(0);

        assertThat(read.stream()).isEqualTo(TestDomain.OTHER_COUNTERS.streamName(id));
        assertThat(read.event()).isInstanceOfSatisfying(JsonNode.class, json -> assertThat(json.get("amount").asInt()).isEqualTo(42));
        assertThat(fixture().annals().eventLog(TestDomain.OTHER_COUNTERS).readAll(result.positions().get(0) - 1, 1).get(0).event())
                .isEqualTo(new TestEvent.Counted(42));
    }

    @Test
    void reading_backward_gives_the_newest_events_first() {
        List<Written> written = write(6);
        long last = written.get(5).position();

        List<RecordedEvent<Object>> backward = log().readAllBackward(last + 1, 6);

        assertThat(backward).extracting(RecordedEvent::position).isSortedAccordingTo(Collections.reverseOrder()).doesNotHaveDuplicates();
        assertThat(backward).extracting(RecordedEvent::eventId).containsExactlyElementsOf(reversed(eventIds(written)));
        assertThat(log().readAllBackward(last, 100)).extracting(RecordedEvent::position)
                .doesNotContain(last).allSatisfy(p -> assertThat(p).isLessThan(last));
        assertThat(log().readAllBackward(written.get(0).position(), 100)).extracting(RecordedEvent::eventId)
                .doesNotContainAnyElementsOf(eventIds(written));
    }

    @Test
    void the_head_position_is_at_least_the_position_of_the_last_committed_event() {
        long before = log().headPosition();
        List<Written> written = write(3);
        long head = log().headPosition();

        assertThat(head).isGreaterThanOrEqualTo(written.get(2).position()).isGreaterThan(before);
        assertThat(log().readAll(head, 100)).extracting(RecordedEvent::eventId).doesNotContainAnyElementsOf(eventIds(written));
    }

    @Test
    void after_concurrent_writers_a_full_read_gives_every_event_exactly_once() {
        long start = log().headPosition();
        List<UUID> ids = new ArrayList<>();
        Set<UUID> appended = Collections.synchronizedSet(new HashSet<>());

        var outcomes = Race.run(WRITERS, writer -> () -> {
            UUID id = UUID.randomUUID();
            synchronized (ids) {
                ids.add(id);
            }
            appendMany(id, appended);
            return null;
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("writer %d", o.task()).isNull());
        List<RecordedEvent<Object>> read = readFrom(start);
        assertThat(read).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
        List<UUID> ours = read.stream().map(RecordedEvent::eventId).filter(appended::contains).toList();
        assertThat(ours).hasSize(WRITERS * APPENDS_PER_WRITER).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
        for (UUID id : ids) {
            String stream = TestDomain.COUNTERS.streamName(id);
            assertThat(read).filteredOn(e -> e.stream().equals(stream)).extracting(RecordedEvent::version)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, APPENDS_PER_WRITER).boxed().toList());
        }
    }

    @Test
    void a_reader_tailing_the_log_during_concurrent_writes_never_skips_an_event() {
        long start = log().headPosition();
        Set<UUID> appended = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger running = new AtomicInteger(WRITERS);

        var outcomes = Race.run(WRITERS + 1, task -> () -> {
            if (task < WRITERS) {
                try {
                    appendMany(UUID.randomUUID(), appended);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        writing.set(false);
                    }
                }
                return List.<UUID>of();
            }
            return tail(start, writing);
        });

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("task %d", o.task()).isNull());
        @SuppressWarnings("unchecked")
        List<UUID> tailed = ((List<UUID>) outcomes.get(WRITERS).value()).stream().filter(appended::contains).toList();
        assertThat(tailed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
        assertThat(tailed).hasSize(WRITERS * APPENDS_PER_WRITER);
    }

    @Test
    void a_limit_below_one_is_rejected_and_a_negative_position_reads_from_the_start() {
        List<Written> written = write(2);
        assertThat(log().readAll(written.get(0).position() - 1, 1)).hasSize(1);

        assertThat(positions(log().readAll(-10, 5))).containsExactlyElementsOf(positions(log().readAll(0, 5)));
        assertThat(positions(log().readAll(Long.MIN_VALUE, 2))).containsExactlyElementsOf(positions(log().readAll(0, 2)));
        assertThat(log().readAllBackward(-5, 10)).isEmpty();
        assertThat(log().readAllBackward(1, 10)).isEmpty();
        assertInvalid(() -> log().readAll(0, 0), "limit");
        assertInvalid(() -> log().readAll(0, -1), "limit");
        assertInvalid(() -> log().readAllBackward(10, -1), "limit");
    }

    @SuppressWarnings("NullAway") // passes null on purpose: the typed error for it is the contract
    @Test
    void a_null_category_list_or_category_is_refused() {
        List<Written> written = write(1);
        assertThat(log().readAll(written.get(0).position() - 1, 1)).hasSize(1);

        assertInvalid(() -> fixture().annals().eventLog((dev.annals.StreamCategory<?, ?>[]) null), "categories", "null");
        assertInvalid(() -> fixture().annals().eventLog(TestDomain.COUNTERS, null), "category", "null");
    }

    private static List<Long> positions(List<RecordedEvent<Object>> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }

    // ---- helpers ----

    /** An event written by a test, with where it went. */
    @Test
    void a_filtered_read_returns_only_the_matching_events_in_order_and_says_how_far_it_read() {
        StreamCategory<UUID, TestEvent> mine = StreamCategory.of("filtered" + Long.toString(System.nanoTime(), 36), IdCodec.uuid(),
                TestEvent.class);
        EventStore<UUID, TestEvent> store = fixture().annals().eventStore(mine);
        EventStore<UUID, TestEvent> elsewhere = fixture().annals().eventStore(TestDomain.OTHER_COUNTERS);
        List<Long> expected = new ArrayList<>();
        long first = Long.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            AppendResult mineResult = store.appendEvents(id, EventStore.NO_STREAM, List.of(new TestEvent.Opened("o" + i), new TestEvent.Counted(i)));
            elsewhere.appendEvents(UUID.randomUUID(), EventStore.NO_STREAM, List.of(new TestEvent.Counted(i)));
            expected.add(mineResult.positions().get(1));
            first = Math.min(first, mineResult.positions().get(0));
        }
        LogFilter filter = new LogFilter(List.of(mine.name() + "-"), Set.of("testkit-counted"));
        long head = fixture().annals().eventLog().headPosition();

        List<Long> read = new ArrayList<>();
        long after = first - 1;
        for (int pages = 0; after < head; pages++) {
            assertThat(pages).as("pages needed").isLessThan(100);
            LogPage page = fixture().annals().backend().readAll(after, 5, filter);
            assertThat(page.scannedTo()).as("how far the page read").isGreaterThan(after).isLessThanOrEqualTo(head);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(5).allSatisfy(e -> assertThat(filter.matches(e)).isTrue());
            page.events().forEach(e -> read.add(e.position()));
            if (!page.events().isEmpty()) {
                assertThat(page.scannedTo()).isGreaterThanOrEqualTo(page.events().get(page.events().size() - 1).position());
            }
            after = page.scannedTo();
        }
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(fixture().annals().backend().readAll(head, 5, filter)).isEqualTo(new LogPage(List.of(), head));
    }

    private record Written(UUID eventId, long position) {
    }

    private EventLog log() {
        return fixture().annals().eventLog(TestDomain.COUNTERS);
    }

    private EventStore<UUID, TestEvent> counters() {
        return fixture().annals().eventStore(TestDomain.COUNTERS);
    }

    private TestEvent event() {
        return TestEvent.of(seeds.getAndIncrement());
    }

    /** Writes {@code count} events, one per append, over two streams. */
    private List<Written> write(int count) {
        EventStore<UUID, TestEvent> store = counters();
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID()};
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var data = EventData.of(event());
            AppendResult result = store.append(ids[i % 2], EventStore.ANY, List.of(data));
            written.add(new Written(data.eventId(), result.positions().get(0)));
        }
        assertThat(written).extracting(Written::position).isSorted().doesNotHaveDuplicates();
        return written;
    }

    private void appendMany(UUID id, Set<UUID> appended) {
        EventStore<UUID, TestEvent> store = counters();
        for (int n = 0; n < APPENDS_PER_WRITER; n++) {
            var data = EventData.of(event());
            store.append(id, n - 1L, List.of(data));
            appended.add(data.eventId());
        }
    }

    /** Reads the log after {@code start} until no writer is left and the reader has caught up. */
    private List<UUID> tail(long start, AtomicBoolean writing) throws InterruptedException {
        List<UUID> seen = new ArrayList<>();
        long from = start;
        while (true) {
            boolean last = !writing.get();
            List<RecordedEvent<Object>> page = log().readAll(from, 7);
            for (RecordedEvent<Object> event : page) {
                assertThat(event.position()).isGreaterThan(from);
                from = event.position();
                seen.add(event.eventId());
            }
            if (page.isEmpty()) {
                if (last) {
                    return seen;
                }
                Thread.sleep(1);
            }
        }
    }

    private List<RecordedEvent<Object>> readFrom(long start) {
        List<RecordedEvent<Object>> all = new ArrayList<>();
        long from = start;
        while (true) {
            List<RecordedEvent<Object>> page = log().readAll(from, 50);
            if (page.isEmpty()) {
                return all;
            }
            assertThat(page.get(0).position()).as("readAll(%d, 50) must start after %d", from, from).isGreaterThan(from);
            all.addAll(page);
            from = page.get(page.size() - 1).position();
        }
    }

    private static List<RecordedEvent<Object>> ours(List<RecordedEvent<Object>> events, List<UUID> ids) {
        Set<String> streams = new HashSet<>();
        ids.forEach(id -> streams.add(TestDomain.COUNTERS.streamName(id)));
        return events.stream().filter(e -> streams.contains(e.stream())).toList();
    }

    private static List<UUID> eventIds(List<Written> written) {
        return written.stream().map(Written::eventId).toList();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
