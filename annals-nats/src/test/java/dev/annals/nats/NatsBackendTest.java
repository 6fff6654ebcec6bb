package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StoreOpenException;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What is particular to NATS: the server's {@code max_payload} and the KV history as limits, the duplicate
 * window, positions after commits were deleted, stream names that subjects could not hold as they are,
 * opening by URL, and the missing multi-stream append.
 */
class NatsBackendTest {

    /** A server with nats-server's default max_payload (1 MiB), for the limits it sets. */
    private static NatsServerProcess small;

    @AfterAll
    static void stopSmall() {
        if (small != null) {
            small.stop();
        }
    }

    private static synchronized NatsServerProcess small() {
        if (small == null) {
            small = NatsServerProcess.single("small", 1024 * 1024).start();
        }
        return small;
    }

    private static NatsBackend open(String query) {
        return NatsBackend.open(NatsSettings.parse(TestServers.single().url() + "?" + query), true);
    }

    private static String freshStore() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static NewEvent event(String payload) {
        return new NewEvent(UUID.randomUUID(), "tested", 1, new byte[0], payload.getBytes(StandardCharsets.UTF_8));
    }

    private static AppendRequest append(String stream, long expected, NewEvent... events) {
        return new AppendRequest(stream, expected, List.of(events), Instant.now());
    }

    /**
     * A stream read takes several ways to its first commit (the last commit, the place the previous page
     * stopped, the links back, a scan from the stream's start) and two ways on (one request per commit, a
     * consumer); whichever it takes, a page is exactly the stored slice.
     */
    @Test
    void every_page_of_a_long_stream_of_uneven_commits_is_the_stored_slice_whichever_way_the_read_takes() {
        String store = freshStore();
        try (NatsBackend backend = open("store=" + store)) {
            java.util.Random random = new java.util.Random(7);
            List<UUID> ids = new ArrayList<>();
            for (int commit = 0; commit < 150; commit++) {
                int n = commit < 100 ? 1 + random.nextInt(7) : 1; // small commits at the end: links back fall short
                NewEvent[] events = new NewEvent[n];
                for (int i = 0; i < n; i++) {
                    events[i] = event("{\"n\":" + (ids.size() + i) + "}");
                }
                backend.append(append("long", ids.size() - 1L, events));
                Arrays.stream(events).map(NewEvent::eventId).forEach(ids::add);
                backend.append(append("other-" + commit, -1, event("{}")));
            }
            long[] afters = {-1, 0, 3, ids.size() / 2, ids.size() - 80, ids.size() - 10, ids.size() - 2, ids.size() - 1};
            int[] limits = {1, 5, 40, 1000};
            for (long after : afters) {
                for (int limit : limits) {
                    try (NatsBackend fresh = open("store=" + store)) {
                        assertThat(fresh.readStream("long", after, limit)).as("after %d, limit %d", after, limit)
                                .map(StoredEvent::eventId)
                                .containsExactlyElementsOf(ids.subList((int) after + 1, (int) Math.min(ids.size(), after + 1 + limit)));
                    }
                }
            }
            for (int page : new int[] {1, 7, 64, 100}) {
                List<UUID> read = new ArrayList<>();
                List<StoredEvent> events = backend.readStream("long", -1, page);
                while (!events.isEmpty()) {
                    events.forEach(e -> read.add(e.eventId()));
                    events = backend.readStream("long", read.size() - 1L, page);
                }
                assertThat(read).as("paged by %d", page).containsExactlyElementsOf(ids);
            }
        }
    }

    /** Appends {@code commits} commits of {@code size} events to {@code stream} after its version {@code expected}; their ids. */
    private static List<UUID> appendCommits(NatsBackend backend, String stream, long expected, int commits, int size) {
        List<UUID> ids = new ArrayList<>();
        for (int commit = 0; commit < commits; commit++) {
            NewEvent[] events = new NewEvent[size];
            for (int i = 0; i < size; i++) {
                events[i] = event("{\"n\":" + (expected + 1 + ids.size() + i) + "}");
            }
            backend.append(append(stream, expected + ids.size(), events));
            Arrays.stream(events).map(NewEvent::eventId).forEach(ids::add);
        }
        return ids;
    }

    private static List<UUID> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventId).toList();
    }

    private static List<String> consumers(NatsBackend backend) throws Exception {
        return backend.connection().jetStreamManagement().getConsumerNames(backend.layout().eventsStream());
    }

    /**
     * A page that stops before a stream's end keeps its consumer for the next page (one consumer per load); two
     * loads read in turn each continue their own, pages that end inside a commit continue in it, and every page
     * is exactly the stored slice.
     */
    @Test
    void loads_of_two_streams_read_in_turn_continue_one_consumer_each_and_every_page_is_the_stored_slice() throws Exception {
        try (NatsBackend backend = open("store=" + freshStore())) {
            List<UUID> a = appendCommits(backend, "a", -1, 100, 7); // more commits than the links back are followed
            List<UUID> b = appendCommits(backend, "b", -1, 80, 3);
            List<UUID> readA = new ArrayList<>();
            List<UUID> readB = new ArrayList<>();
            readA.addAll(ids(backend.readStream("a", -1, 50)));
            readB.addAll(ids(backend.readStream("b", -1, 50)));
            List<String> made = consumers(backend);
            assertThat(made).as("one consumer per load").hasSize(2);
            assertThat(backend.reads().parkedReads()).isEqualTo(2);
            while (readA.size() < a.size() || readB.size() < b.size()) {
                readA.addAll(ids(backend.readStream("a", readA.size() - 1L, 50)));
                readB.addAll(ids(backend.readStream("b", readB.size() - 1L, 50)));
                assertThat(consumers(backend)).as("no consumer made after the first page").isSubsetOf(made);
            }
            assertThat(readA).containsExactlyElementsOf(a);
            assertThat(readB).containsExactlyElementsOf(b);
            assertThat(backend.readStream("a", a.size() - 1L, 50)).isEmpty();
            assertThat(backend.reads().parkedReads()).as("a load that reached the end keeps nothing").isZero();
        }
    }

    /** A page continued from a kept consumer still ends at the stream's last commit when the page began: an append made meanwhile is read. */
    @Test
    void a_page_after_an_append_made_while_its_load_was_paused_reads_the_new_events() {
        try (NatsBackend backend = open("store=" + freshStore())) {
            List<UUID> stored = new ArrayList<>(appendCommits(backend, "s", -1, 100, 10));
            List<UUID> read = new ArrayList<>(ids(backend.readStream("s", -1, 150)));
            assertThat(backend.reads().parkedReads()).isEqualTo(1);
            stored.addAll(appendCommits(backend, "s", stored.size() - 1L, 5, 10));
            List<StoredEvent> next = backend.readStream("s", read.size() - 1L, 150);
            while (!next.isEmpty()) {
                read.addAll(ids(next));
                next = backend.readStream("s", read.size() - 1L, 150);
            }
            assertThat(read).containsExactlyElementsOf(stored);

            List<UUID> log = new ArrayList<>();
            List<StoredEvent> page = backend.readAll(0, 100);
            long after = page.get(page.size() - 1).position();
            page.forEach(e -> log.add(e.eventId()));
            stored.addAll(appendCommits(backend, "s", stored.size() - 1L, 3, 10));
            page = backend.readAll(after, 100);
            while (!page.isEmpty()) {
                page.forEach(e -> log.add(e.eventId()));
                after = page.get(page.size() - 1).position();
                page = backend.readAll(after, 100);
            }
            assertThat(log).as("the log read in pages of 100 around an append").containsExactlyElementsOf(stored);
        }
    }

    /** An abandoned load holds its consumer only for a short while; a later load reads everything again. */
    @Test
    void the_consumer_of_an_abandoned_load_is_closed_when_idle_and_a_new_load_reads_from_its_start() throws Exception {
        try (NatsBackend backend = open("store=" + freshStore())) {
            List<UUID> stored = appendCommits(backend, "s", -1, 100, 10);
            backend.readStream("s", -1, 100);
            assertThat(backend.reads().parkedReads()).isEqualTo(1);

            Thread.sleep(ParkedReads.IDLE.toMillis() + 1000);

            assertThat(backend.reads().parkedReads()).isZero();
            List<UUID> read = new ArrayList<>(ids(backend.readStream("s", -1, 100)));
            read.addAll(ids(backend.readStream("s", 99, 1000)));
            assertThat(read).containsExactlyElementsOf(stored);
        }
    }

    @Test
    void an_append_larger_than_the_servers_max_payload_is_refused_naming_it_and_writes_nothing() {
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(small().url() + "?store=" + freshStore()), true)) {
            byte[] big = new byte[Limits.MAX_EVENT_BYTES];
            Arrays.fill(big, (byte) 'x');
            NewEvent largest = new NewEvent(UUID.randomUUID(), "tested", 1, new byte[0], big);

            assertThatThrownBy(() -> backend.append(append("s-1", -1, largest)))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("max_payload").hasMessageContaining("1048576");

            assertThat(backend.currentVersion("s-1")).isEmpty();
            assertThat(backend.readAll(0, 10)).isEmpty();
            assertThat(backend.append(append("s-1", -1, event("{}"))).version()).isZero();
        }
    }

    @Test
    void a_snapshot_larger_than_max_payload_or_more_than_the_kv_history_to_keep_is_refused_naming_the_limit() {
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(small().url() + "?store=" + freshStore()), true)) {
            assertThatThrownBy(() -> backend.saveSnapshot(snapshot("s-1", 1, new byte[1024 * 1024]), 1))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("max_payload");
            assertThatThrownBy(() -> backend.saveSnapshot(snapshot("s-1", 1, new byte[1]), KvSnapshots.HISTORY + 1))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(String.valueOf(KvSnapshots.HISTORY));
            assertThat(backend.snapshots("s-1")).isEmpty();
        }
    }

    @Test
    void the_newest_sixty_four_snapshots_can_be_kept() {
        try (NatsBackend backend = open("store=" + freshStore())) {
            for (int version = 0; version < 70; version++) {
                assertThat(backend.saveSnapshot(snapshot("s-1", version, new byte[] {(byte) version}), KvSnapshots.HISTORY)).isTrue();
            }

            List<StoredSnapshot> kept = backend.snapshots("s-1");
            assertThat(kept).hasSize(KvSnapshots.HISTORY);
            assertThat(kept.get(0).version()).isEqualTo(69);
            assertThat(kept.get(kept.size() - 1).version()).isEqualTo(70 - KvSnapshots.HISTORY);
            assertThat(backend.saveSnapshot(snapshot("s-1", 3, new byte[1]), 2)).as("an older version is ignored").isFalse();
        }
    }

    private static StoredSnapshot snapshot(String stream, long version, byte[] state) {
        return new StoredSnapshot(stream, version, Instant.now(), "fp", "hash", state);
    }

    @Test
    void a_retry_beyond_the_duplicate_window_is_still_recognized_by_its_ids_and_a_different_append_reusing_them_is_not()
            throws InterruptedException {
        try (NatsBackend backend = open("store=" + freshStore() + "&duplicateWindow=1s")) {
            AppendRequest original = append("s-1", -1, event("{\"a\":1}"), event("{\"a\":2}"));
            AppendResult stored = backend.append(original);
            Thread.sleep(1500); // past the duplicate window: JetStream no longer knows the message id

            AppendResult retry = backend.append(new AppendRequest("s-1", -1, original.events(), Instant.now()));

            assertThat(retry.duplicate()).isTrue();
            assertThat(retry.positions()).isEqualTo(stored.positions());
            NewEvent reused = new NewEvent(original.events().get(0).eventId(), "tested", 1, new byte[0], "{\"a\":9}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> backend.append(append("s-1", 1, reused))).isInstanceOf(DuplicateEventIdException.class);
            assertThat(backend.readStream("s-1", -1, 10)).hasSize(2);
        }
    }

    @Test
    void within_the_duplicate_window_a_different_append_with_the_same_first_id_is_compared_not_acknowledged() {
        try (NatsBackend backend = open("store=" + freshStore())) {
            AppendRequest original = append("s-1", -1, event("{\"a\":1}"));
            backend.append(original);
            NewEvent sameId = new NewEvent(original.events().get(0).eventId(), "tested", 1, new byte[0], "{\"a\":2}".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> backend.append(append("s-1", -1, sameId))).isInstanceOf(DuplicateEventIdException.class);
            assertThatThrownBy(() -> backend.append(append("s-2", -1, sameId))).isInstanceOf(DuplicateEventIdException.class)
                    .hasMessageContaining("s-1");
            assertThat(backend.currentVersion("s-2")).isEmpty();
        }
    }

    @Test
    void positions_are_never_given_twice_after_the_newest_commits_are_deleted_and_reads_cross_the_holes() throws Exception {
        String store = freshStore();
        List<Long> written = new ArrayList<>();
        try (NatsBackend backend = open("store=" + store)) {
            for (int i = 0; i < 6; i++) {
                written.addAll(backend.append(append("s-" + (i % 2), i / 2 * 2 - 1, event("{}"), event("{}"))).positions());
            }
        }
        try (Connection connection = Nats.connect(TestServers.single().url())) {
            var jsm = connection.jetStreamManagement();
            for (int commit : new int[] {2, 4, 5}) { // a middle commit and the two newest
                assertThat(jsm.deleteMessage("ANNALS_" + store, Positions.seqOf(written.get(commit * 2)))).isTrue();
            }
        }
        List<Long> remaining = new ArrayList<>(written);
        for (int commit : new int[] {5, 4, 2}) {
            remaining.remove(commit * 2 + 1);
            remaining.remove(commit * 2);
        }

        try (NatsBackend backend = open("store=" + store)) {
            AppendResult later = backend.append(append("s-new", -1, event("{}")));

            assertThat(later.positions().get(0)).isGreaterThan(written.get(written.size() - 1));
            List<Long> forward = new ArrayList<>();
            long after = 0;
            while (true) {
                List<StoredEvent> page = backend.readAll(after, 1);
                if (page.isEmpty()) {
                    break;
                }
                after = page.get(0).position();
                forward.add(after);
            }
            List<Long> expected = new ArrayList<>(remaining);
            expected.add(later.positions().get(0));
            assertThat(forward).isEqualTo(expected);
            assertThat(backend.readAll(0, 100).stream().map(StoredEvent::position).toList()).isEqualTo(expected);
            assertThat(backend.readAllBackward(later.positions().get(0), 100).stream().map(StoredEvent::position).toList())
                    .containsExactlyElementsOf(reversed(remaining));
            assertThat(backend.headPosition()).isEqualTo(later.positions().get(0));
        }
    }

    private static List<Long> reversed(List<Long> list) {
        List<Long> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void streams_whose_names_hold_dots_wildcards_and_spaces_are_kept_apart() {
        try (NatsBackend backend = open("store=" + freshStore())) {
            List<String> names = List.of("a", "a.b", "a.*", "a.>", "a b", ".".repeat(Limits.MAX_STREAM_NAME_BYTES));
            for (String name : names) {
                backend.append(append(name, -1, event("{\"n\":\"" + name.length() + "\"}")));
            }
            for (String name : names) {
                List<StoredEvent> events = backend.readStream(name, -1, 10);
                assertThat(events).as(name).hasSize(1).allSatisfy(e -> assertThat(e.stream()).isEqualTo(name));
            }
            assertThat(backend.listStreams(null, 100)).extracting(dev.annals.spi.StreamInfo::stream)
                    .containsExactlyElementsOf(names.stream().sorted().toList());
        }
    }

    @Test
    void the_store_opens_by_url_declares_no_multi_stream_append_and_an_existing_one_is_required_when_asked() {
        String url = TestServers.single().url() + "?store=" + freshStore();
        assertThatThrownBy(() -> Annals.openExisting(url)).isInstanceOf(StoreOpenException.class).hasMessageContaining("No Annals store");
        try (Annals annals = Annals.open(url)) {
            assertThat(annals.backend().describe()).isEqualTo(NatsSettings.parse(url).url());
            assertThatThrownBy(() -> annals.backend().appendAll(List.of(append("x", -1, event("{}")), append("y", -1, event("{}")))))
                    .isInstanceOf(UnsupportedCapabilityException.class);
            assertThat(annals.backend().settings()).containsEntry("replicas", "1").containsKey("server_version");
        }
        try (Annals existing = Annals.openExisting(url)) {
            assertThat(existing.backend().describe()).startsWith("nats://127.0.0.1:");
        }
    }

    @Test
    void a_store_whose_events_stream_lost_its_one_message_per_subject_limit_is_refused_at_open() throws Exception {
        String store = freshStore();
        open("store=" + store).close();
        try (Connection connection = Nats.connect(TestServers.single().url())) {
            var jsm = connection.jetStreamManagement();
            var config = jsm.getStreamInfo("ANNALS_" + store).getConfiguration();
            jsm.updateStream(io.nats.client.api.StreamConfiguration.builder(config).maxMessagesPerSubject(-1)
                    .discardPolicy(io.nats.client.api.DiscardPolicy.Old).discardNewPerSubject(false).build());
        }

        assertThatThrownBy(() -> open("store=" + store)).isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("max_msgs_per_subject: 1").hasMessageContaining("ANNALS_" + store);
    }

    @Test
    void a_scratch_store_is_a_new_store_on_the_same_server_and_closing_it_removes_its_streams() throws Exception {
        String url = TestServers.single().url() + "?store=" + freshStore();
        try (Annals original = Annals.open(url)) {
            original.backend().append(append("kept", -1, event("{}")));
            String scratchStream;
            try (dev.annals.spi.ScratchStore scratch = Annals.scratch(url)) {
                assertThat(scratch.url()).startsWith(TestServers.single().url() + "?store=scratch");
                scratchStream = "ANNALS_" + NatsSettings.parse(scratch.url()).store();
                try (Annals fresh = Annals.open(scratch.url())) {
                    assertThat(fresh.backend().readAll(0, 10)).isEmpty();
                    fresh.backend().append(append("temporary", -1, event("{}")));
                }
            }
            try (Connection connection = Nats.connect(TestServers.single().url())) {
                assertThat(connection.jetStreamManagement().getStreamNames()).doesNotContain(scratchStream);
            }
            assertThat(original.backend().readAll(0, 10)).extracting(StoredEvent::stream).containsExactly("kept");
        }
    }

    @Test
    void a_server_that_does_not_answer_is_a_store_open_error_within_the_timeout() {
        int closedPort = NatsServerProcess.freePort();
        assertThatThrownBy(() -> NatsBackend.open(NatsSettings.parse("nats://127.0.0.1:" + closedPort + "?timeout=500ms"), true))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining(String.valueOf(closedPort));
    }
}
