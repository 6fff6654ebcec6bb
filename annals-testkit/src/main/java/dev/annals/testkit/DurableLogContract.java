package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.EventLog;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The durability role of {@link EventLogContract}, run only where {@link AnnalsFixture#durable()}:
 * positions are never given twice, not after the newest events were removed from storage and the
 * store reopened; and pages of the log, forward and backward, cross the holes that removed events
 * leave, so that a reader paging from the start sees every remaining event and an empty page only
 * at the end.
 */
public abstract class DurableLogContract {

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    @Test
    void positions_are_never_given_twice_after_the_newest_events_are_removed_and_the_store_reopened() {
        String name = durableStore("positions");
        List<Long> earlier;
        try (Annals annals = fixture().open(name)) {
            earlier = counters(annals).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM, events(3)).positions();
        }
        assertThat(earlier).as("positions of the three events appended").hasSize(3);
        fixture().removeEvents(name, earlier.subList(1, 3));

        try (Annals annals = fixture().open(name)) {
            EventLog log = annals.eventLog(TestDomain.COUNTERS);
            assertThat(positions(log.readAll(0, 10))).containsExactly(earlier.get(0));
            AppendResult later = counters(annals).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM, events(1));
            long position = later.positions().get(0);

            assertThat(position).as("the position after a restart").isGreaterThan(Collections.max(earlier));
            assertThat(log.headPosition()).isEqualTo(position);
            assertThat(positions(log.readAll(0, 10))).containsExactly(earlier.get(0), position);
            assertThat(positions(log.readAll(earlier.get(0), 10))).containsExactly(position);
        }
    }

    @Test
    void pages_of_the_log_cross_the_holes_left_by_removed_events() {
        String name = durableStore("holes");
        List<Long> written = new ArrayList<>();
        try (Annals annals = fixture().open(name)) {
            EventStore<UUID, TestEvent> store = counters(annals);
            UUID[] ids = {UUID.randomUUID(), UUID.randomUUID()};
            for (int i = 0; i < 12; i++) {
                written.addAll(store.appendEvents(ids[i % 2], EventStore.ANY, events(1)).positions());
            }
        }
        assertThat(written).as("positions of the twelve events appended").hasSize(12);
        List<Long> removed = new ArrayList<>(written.subList(2, 9));
        removed.add(written.get(10));
        fixture().removeEvents(name, removed);
        List<Long> remaining = new ArrayList<>(written);
        remaining.removeAll(removed);

        try (Annals annals = fixture().open(name)) {
            EventLog log = annals.eventLog(TestDomain.COUNTERS);
            assertThat(pageForward(log, 0, 5)).containsExactlyElementsOf(remaining);
            assertThat(pageForward(log, 0, 1)).containsExactlyElementsOf(remaining);
            assertThat(positions(log.readAll(written.get(1), 1))).containsExactly(written.get(9));
            assertThat(positions(log.readAll(written.get(4), 2))).containsExactly(written.get(9), written.get(11));
            List<Long> backward = new ArrayList<>(remaining);
            Collections.reverse(backward);
            assertThat(pageBackward(log, log.headPosition() + 1, 1)).containsExactlyElementsOf(backward);
            assertThat(positions(log.readAllBackward(written.get(9), 1))).containsExactly(written.get(1));
            assertThat(positions(log.readAllBackward(written.get(8), 5))).containsExactly(written.get(1), written.get(0));
        }
    }

    /** Pages forward from {@code after} until an empty page; every page but the last holds events. */
    private static List<Long> pageForward(EventLog log, long after, int limit) {
        List<Long> seen = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            List<RecordedEvent<Object>> page = log.readAll(after, limit);
            if (page.isEmpty()) {
                return seen;
            }
            assertThat(page).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(positions(page));
            after = page.get(page.size() - 1).position();
        }
        throw new AssertionError("the log never ended: " + seen);
    }

    /** Pages backward from {@code before} until an empty page. */
    private static List<Long> pageBackward(EventLog log, long before, int limit) {
        List<Long> seen = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            List<RecordedEvent<Object>> page = log.readAllBackward(before, limit);
            if (page.isEmpty()) {
                return seen;
            }
            seen.addAll(positions(page));
            before = page.get(page.size() - 1).position();
        }
        throw new AssertionError("the log never began: " + seen);
    }

    /** A name for a store of this test alone; skips the test where the fixture has no durable stores. */
    private String durableStore(String purpose) {
        assumeTrue(fixture().durable(), "the fixture opens no durable stores");
        return "testkit-" + purpose + "-" + UUID.randomUUID();
    }

    private static EventStore<UUID, TestEvent> counters(Annals annals) {
        return annals.eventStore(TestDomain.COUNTERS);
    }

    private List<TestEvent> events(int count) {
        List<TestEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(TestEvent.of(i));
        }
        return events;
    }

    private static List<Long> positions(List<RecordedEvent<Object>> events) {
        return events.stream().map(RecordedEvent::position).toList();
    }
}
