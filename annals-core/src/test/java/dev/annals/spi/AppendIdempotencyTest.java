package dev.annals.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.DuplicateEventIdException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AppendIdempotencyTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void nothing_stored_means_no_decision() {
        assertThat(AppendIdempotency.check(request(4, event(a, "x"), event(b, "y")), List.of())).isEmpty();
    }

    @Test
    void an_exact_retry_returns_the_original_outcome() {
        var result = AppendIdempotency.check(request(4, event(a, "x"), event(b, "y")), List.of(stored(b, 6, "y"), stored(a, 5, "x")));

        assertThat(result).hasValueSatisfying(outcome -> {
            assertThat(outcome.version()).isEqualTo(6);
            assertThat(outcome.positions()).containsExactly(105L, 106L);
            assertThat(outcome.duplicate()).isTrue();
        });
    }

    @Test
    void a_retry_with_any_version_matches_wherever_it_was_stored() {
        assertThat(AppendIdempotency.check(request(-2, event(a, "x")), List.of(stored(a, 9, "x")))).isPresent();
    }

    @Test
    void the_same_id_with_other_content_is_rejected() {
        assertThatThrownBy(() -> AppendIdempotency.check(request(4, event(a, "changed")), List.of(stored(a, 5, "x"))))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining(a.toString())
                .hasMessageContaining("different event");
    }

    @Test
    void the_same_id_with_other_metadata_is_rejected() {
        NewEvent withMetadata = new NewEvent(a, "t", 1, bytes("{\"actor\":\"mallory\"}"), bytes("x"));

        assertThatThrownBy(() -> AppendIdempotency.check(request(4, withMetadata), List.of(stored(a, 5, "x"))))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("metadata");
    }

    @Test
    void a_partial_overlap_is_rejected() {
        assertThatThrownBy(() -> AppendIdempotency.check(request(4, event(a, "x"), event(b, "y")), List.of(stored(a, 5, "x"))))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("only part");
    }

    @Test
    void a_retry_at_another_expected_version_is_rejected() {
        assertThatThrownBy(() -> AppendIdempotency.check(request(7, event(a, "x")), List.of(stored(a, 5, "x"))))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("expected version 7");
    }

    @Test
    void an_id_of_another_stream_is_rejected() {
        StoredEvent elsewhere = new StoredEvent("order-2", 0, 1, a, "t", 1, Instant.now(), new byte[0], bytes("x"));

        assertThatThrownBy(() -> AppendIdempotency.check(request(-1, event(a, "x")), List.of(elsewhere)))
                .isInstanceOf(DuplicateEventIdException.class)
                .hasMessageContaining("order-2");
    }

    private static AppendRequest request(long expected, NewEvent... events) {
        return new AppendRequest("order-1", expected, List.of(events), Instant.now());
    }

    private static NewEvent event(UUID id, String payload) {
        return new NewEvent(id, "t", 1, new byte[0], bytes(payload));
    }

    private static StoredEvent stored(UUID id, long version, String payload) {
        return new StoredEvent("order-1", version, 100 + version, id, "t", 1, Instant.now(), new byte[0], bytes(payload));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
