package dev.annals.testkit;

import static dev.annals.testkit.KitAssertions.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.EventStore;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.RecordedEvent;
import dev.annals.Snapshot;
import dev.annals.SnapshotStore;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import dev.annals.testkit.domain.TestState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The stream-names role of the backend-level suites: a stream is named exactly by its id, whatever
 * its characters, up to {@value Limits#MAX_STREAM_NAME_BYTES} bytes of UTF-8; ids that are not
 * well-formed Unicode, hold NUL or are longer are an {@link InvalidArgumentException} with a short
 * message, on every path (events, snapshots, the SPI), and write nothing.
 */
public abstract class StreamNamesContract extends BackendEventStoreSuite {

    /** The category prefix of {@link TestDomain#NAMED_COUNTERS} stream names, {@code testkit_named-}. */
    private static final int PREFIX_BYTES = TestDomain.NAMED_COUNTERS.name().length() + 1;

    @Test
    void ids_that_differ_only_in_non_ascii_characters_name_separate_streams() {
        EventStore<String, TestEvent> store = named();
        String base = freshName();
        List<String> ids = List.of(base + "?", base + "\u00FC", base + "u\u0308", base + "\uD83D\uDE00", base + "\u00E9t\u00E9");
        List<List<TestEvent>> written = ids.stream().map(id -> events(2)).toList();

        for (int i = 0; i < ids.size(); i++) {
            store.appendEvents(ids.get(i), EventStore.NO_STREAM, written.get(i));
        }

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            assertThat(store.loadEvents(id)).as("events of id %s", id).containsExactlyElementsOf(written.get(i));
            assertThat(store.getCurrentVersion(id)).hasValue(1);
            assertThat(envelopes(store, id, -1)).extracting(RecordedEvent::stream)
                    .containsOnly(TestDomain.NAMED_COUNTERS.streamName(id));
        }
    }

    @Test
    void ids_with_unpaired_surrogates_are_refused_everywhere_and_question_mark_stays_its_own_stream() {
        EventStore<String, TestEvent> store = named();
        SnapshotStore<String, TestState> snapshots = fixture().annals().snapshotStore(TestDomain.NAMED_COUNTERS, TestState.class);
        String base = freshName();
        String question = base + "?";
        List<TestEvent> events = events(2);
        store.appendEvents(question, EventStore.NO_STREAM, events);
        assertThat(store.loadEvents(question)).containsExactlyElementsOf(events);

        for (String bad : List.of(base + "\uD800", base + "\uDC00", base + "\uDC00\uD800", "\uD800" + base)) {
            String stream = "testkit_named-" + bad;
            assertInvalid(() -> store.appendEvents(bad, EventStore.ANY, events(1)), "well-formed");
            assertInvalid(() -> store.loadEvents(bad), "well-formed");
            assertInvalid(() -> store.getCurrentVersion(bad), "well-formed");
            assertInvalid(() -> envelopes(store, bad, -1), "well-formed");
            assertInvalid(() -> snapshots.saveSnapshot(Snapshot.of(bad, 1, TestState.EMPTY)), "well-formed");
            assertInvalid(() -> snapshots.getLatestSnapshot(bad), "well-formed");
            assertInvalid(() -> snapshots.getSnapshotAtOrBefore(bad, 3), "well-formed");
            assertInvalid(() -> snapshots.clearSnapshots(bad), "well-formed");
            assertInvalid(() -> backend().readStream(stream, -1, 10), "well-formed");
            assertInvalid(() -> backend().currentVersion(stream), "well-formed");
            assertInvalid(() -> backend().snapshots(stream), "well-formed");
            assertInvalid(() -> backend().append(new AppendRequest(stream, -1, List.of(newEvent()), Instant.now())), "well-formed");
        }

        assertThat(store.loadEvents(question)).containsExactlyElementsOf(events);
        assertThat(store.getCurrentVersion(question)).hasValue(1);
    }

    @Test
    void an_id_holding_nul_is_refused_and_writes_nothing() {
        EventStore<String, TestEvent> store = named();
        String base = freshName();
        List<TestEvent> events = seedNamed(base, 1);

        assertInvalid(() -> store.appendEvents(base + "\u0000", EventStore.NO_STREAM, events(1)), "nul");
        assertInvalid(() -> store.loadEvents(base + "\u0000x"), "nul");
        assertInvalid(() -> backend().currentVersion("testkit_named-" + base + "\u0000"), "nul");

        assertThat(store.loadEvents(base)).containsExactlyElementsOf(events);
    }

    @Test
    void a_name_of_exactly_the_limit_is_kept_whole_and_one_byte_more_is_refused_naming_the_limit() {
        EventStore<String, TestEvent> store = named();
        String base = freshName();
        String stem = padded(base + "-", Limits.MAX_STREAM_NAME_BYTES - PREFIX_BYTES - 1);
        String longest = stem + "a";
        String sibling = stem + "b";
        List<TestEvent> mine = events(1);
        List<TestEvent> theirs = events(2);

        store.appendEvents(longest, EventStore.NO_STREAM, mine);
        store.appendEvents(sibling, EventStore.NO_STREAM, theirs);
        String tooLong = stem + "ab";

        assertThat(store.loadEvents(longest)).containsExactlyElementsOf(mine);
        assertThat(store.loadEvents(sibling)).containsExactlyElementsOf(theirs);
        assertThat(envelopes(store, longest, -1)).extracting(RecordedEvent::stream).containsExactly(TestDomain.NAMED_COUNTERS.streamName(longest));
        assertInvalid(() -> store.appendEvents(tooLong, EventStore.NO_STREAM, events(1)), String.valueOf(Limits.MAX_STREAM_NAME_BYTES));
        assertInvalid(() -> store.getCurrentVersion(tooLong), String.valueOf(Limits.MAX_STREAM_NAME_BYTES));
    }

    @Test
    void a_million_character_id_is_refused_with_a_short_message() {
        EventStore<String, TestEvent> store = named();
        String base = freshName();
        List<TestEvent> events = seedNamed(base, 1);
        String huge = base + "x".repeat(1_000_000);

        for (var call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> store.appendEvents(huge, EventStore.NO_STREAM, events(1)),
                () -> store.loadEvents(huge),
                () -> store.getCurrentVersion(huge))) {
            assertThatThrownBy(call).isInstanceOf(InvalidArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }

        assertThat(store.loadEvents(base)).containsExactlyElementsOf(events);
    }

    private static NewEvent newEvent() {
        return new NewEvent(UUID.randomUUID(), "testkit-counted", 1, new byte[0], "{\"amount\":1}".getBytes(StandardCharsets.UTF_8));
    }

    /** {@code start} padded with two-byte letters (and one ASCII letter if needed) to exactly {@code bytes} bytes of UTF-8. */
    private static String padded(String start, int bytes) {
        StringBuilder name = new StringBuilder(start);
        int size = start.getBytes(StandardCharsets.UTF_8).length;
        if ((bytes - size) % 2 == 1) {
            name.append('a');
            size++;
        }
        while (size < bytes) {
            name.append('\u00E9');
            size += 2;
        }
        return name.toString();
    }
}
