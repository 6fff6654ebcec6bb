package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppendDecisionTest {

    private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final List<StoredEvent> store = new ArrayList<>();

    @Test
    void nothing_stored_and_the_version_matching_means_write() {
        assertThat(decide(request(4, event(a, "x"), event(b, "y")), 4)).isEmpty();
    }

    @Test
    void nothing_stored_and_the_version_not_matching_is_a_conflict() {
        assertThatThrownBy(() -> decide(request(3, event(a, "x")), 4)).isInstanceOf(EventStoreConflictException.class);
    }

    @Test
    void an_empty_append_is_checked_and_writes_nothing() {
        assertThat(decide(request(4), 4)).hasValue(new AppendResult(4, List.of(), false));
        assertThatThrownBy(() -> decide(request(2), 4)).isInstanceOf(EventStoreConflictException.class);
    }

    @Test
    void an_exact_retry_returns_the_original_outcome() {
        stored(a, 5, "x", EARLIER);
        stored(b, 6, "y", EARLIER);

        assertThat(decide(request(4, event(a, "x"), event(b, "y")), 9)).hasValueSatisfying(outcome -> {
            assertThat(outcome.version()).isEqualTo(6);
            assertThat(outcome.positions()).containsExactly(105L, 106L);
            assertThat(outcome.duplicate()).isTrue();
        });
    }

    @Test
    void a_retry_with_any_version_matches_wherever_it_was_stored() {
        stored(a, 9, "x", EARLIER);

        assertThat(decide(request(-2, event(a, "x")), 12)).isPresent();
    }

    @Test
    void the_same_id_with_other_content_is_rejected() {
        stored(a, 5, "x", EARLIER);

        assertThatThrownBy(() -> decide(request(4, event(a, "changed")), 5))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining(a.toString())
                .hasMessageContaining("different event");
    }

    @Test
    void the_same_id_with_other_user_metadata_is_rejected() {
        stored(a, 5, "x", EARLIER);
        NewEvent withMetadata = new NewEvent(a, "t", 1, bytes("{\"actor\":\"mallory\"}"), bytes("x"));

        assertThatThrownBy(() -> decide(request(4, withMetadata), 5))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("metadata");
    }

    @Test
    void a_retry_at_another_recorded_at_time_is_still_a_retry() {
        stored(a, 5, "x", EARLIER);

        assertThat(decide(request(4, event(a, "x")), 5)).isPresent();
    }

    @Test
    void a_partial_overlap_is_rejected() {
        stored(a, 5, "x", EARLIER);

        assertThatThrownBy(() -> decide(request(4, event(a, "x"), event(b, "y")), 5))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("only part");
    }

    @Test
    void the_first_part_of_a_larger_append_is_no_retry() {
        stored(a, 0, "x", EARLIER);
        stored(b, 1, "y", EARLIER);
        stored(c, 2, "z", EARLIER);

        assertThatThrownBy(() -> decide(request(-1, event(a, "x"), event(b, "y")), 2))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("part of an earlier, larger append");
    }

    @Test
    void the_last_part_of_a_larger_append_is_no_retry() {
        stored(a, 0, "x", EARLIER);
        stored(b, 1, "y", EARLIER);
        stored(c, 2, "z", EARLIER);

        assertThatThrownBy(() -> decide(request(0, event(b, "y"), event(c, "z")), 2))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("part of an earlier, larger append");
    }

    @Test
    void an_append_between_two_others_is_a_retry() {
        stored(a, 0, "x", EARLIER);
        stored(b, 1, "y", EARLIER.plusNanos(1));
        stored(c, 2, "z", EARLIER.plusNanos(2));

        assertThat(decide(request(0, event(b, "y")), 2)).isPresent();
    }

    @Test
    void a_retry_at_another_expected_version_is_rejected() {
        stored(a, 5, "x", EARLIER);

        assertThatThrownBy(() -> decide(request(7, event(a, "x")), 7))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("expected version 7");
    }

    @Test
    void an_id_of_another_stream_is_rejected_naming_that_stream_even_when_it_is_not_the_first() {
        stored(a, 0, "x", EARLIER);
        store.add(new StoredEvent("order-2", 0, 1, b, "t", 1, EARLIER, new byte[0], bytes("y")));

        assertThatThrownBy(() -> decide(request(-1, event(a, "x"), event(b, "y")), 0))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining(b.toString())
                .hasMessageContaining("order-2");
    }

    private Optional<AppendResult> decide(AppendRequest request, long current) {
        return AppendDecision.decide(request, current, new AppendDecision.Lookup<RuntimeException>() {
            @Override
            public List<StoredEvent> byIds(List<UUID> ids) {
                return store.stream().filter(e -> ids.contains(e.eventId())).toList();
            }

            @Override
            public Optional<StoredEvent> at(String stream, long version) {
                return store.stream().filter(e -> e.stream().equals(stream) && e.version() == version).findFirst();
            }
        });
    }

    private static AppendRequest request(long expected, NewEvent... events) {
        return new AppendRequest("order-1", expected, List.of(events), Instant.now());
    }

    private static NewEvent event(UUID id, String payload) {
        return new NewEvent(id, "t", 1, new byte[0], bytes(payload));
    }

    private void stored(UUID id, long version, String payload, Instant recordedAt) {
        store.add(new StoredEvent("order-1", version, 100 + version, id, "t", 1, recordedAt, new byte[0], bytes(payload)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
