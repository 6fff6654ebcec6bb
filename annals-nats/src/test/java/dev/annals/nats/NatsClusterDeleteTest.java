package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.DeleteMode;
import dev.annals.StreamDeletedException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hard delete removes a stream's messages, and a removed message frees its subject ({@link FreedSubjectTest}):
 * an append decided on a head older than the delete would find its place free. Two stores on one replicated
 * store stand for two processes; the one that wrote last before the other deleted remembers its head and
 * publishes without reading the stream, and must still be refused (the writer checks the head again once it
 * has read the store's last sequence, and publishes expecting it).
 */
class NatsClusterDeleteTest {

    @Test
    void an_append_decided_on_a_head_remembered_from_before_a_hard_delete_is_refused_and_stores_nothing() {
        String store = "del" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestServers.cluster().url("store=" + store + "&replicas=3");
        try (NatsBackend first = NatsBackend.open(NatsSettings.parse(url), true);
                NatsBackend second = NatsBackend.open(NatsSettings.parse(url), false)) {
            first.append(append("s", -1));
            second.append(append("s", 0));
            second.deleteStream("s", 1, DeleteMode.HARD);

            // the first process remembers version 0 as the stream's last: an append expecting 0 would go at version 1,
            // whose message the delete removed
            assertThatThrownBy(() -> first.append(append("s", 0))).isInstanceOf(StreamDeletedException.class);

            assertThat(first.streamState("s").hardDeleted()).isTrue();
            assertThat(first.readAll(0, 100)).isEmpty();
            assertThat(first.readStream("s", -1, 100)).isEmpty();
        }
    }

    @Test
    void a_hard_delete_cut_short_after_its_mark_is_finished_when_it_is_asked_again() {
        String store = "delcut" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            backend.append(append("s", -1));
            backend.append(append("s", 0));
            backend.writer().delete("s", 1, DeleteMode.HARD); // the mark only, as if the process died before the purge
            assertThat(backend.readAll(0, 100)).as("the events before the purge").hasSize(2);

            assertThatThrownBy(() -> backend.deleteStream("s", 1, DeleteMode.HARD)).isInstanceOf(StreamDeletedException.class);

            assertThat(backend.readAll(0, 100)).isEmpty();
            assertThat(backend.streamState("s").hardDeleted()).isTrue();
        }
    }

    @Test
    void a_page_of_the_log_after_a_hard_delete_does_not_continue_a_feed_that_read_the_removed_commits() {
        String store = "delpark" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            for (int i = 0; i < 100; i++) {
                backend.append(append("gone", i - 1L));
            }
            backend.append(append("kept", -1));
            List<dev.annals.spi.StoredEvent> first = backend.readAll(0, 64);
            assertThat(backend.reads().parkedReads()).as("the first page's feed, parked for the next").isEqualTo(1);

            backend.deleteStream("gone", 99, DeleteMode.HARD);

            List<dev.annals.spi.StoredEvent> rest = backend.readAll(first.get(first.size() - 1).position(), 1000);
            assertThat(rest).extracting(dev.annals.spi.StoredEvent::stream).containsExactly("kept");
        }
    }

    private static AppendRequest append(String stream, long expectedVersion) {
        return new AppendRequest(stream, expectedVersion, List.of(new NewEvent(UUID.randomUUID(), "tested", 1, new byte[0],
                "{}".getBytes(StandardCharsets.UTF_8))), Instant.now());
    }
}
