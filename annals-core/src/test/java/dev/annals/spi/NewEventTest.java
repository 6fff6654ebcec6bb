package dev.annals.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The recorded-at time an event may carry as its own (a copied one), checked when the event is made. */
class NewEventTest {

    private static final Instant APPEND_TIME = Instant.parse("2024-05-06T07:08:09.123456789Z");

    @Test
    void an_event_time_outside_the_times_a_store_keeps_is_refused_naming_the_event() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> event(id, Instant.parse("1899-12-31T23:59:59Z"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining(id.toString()).hasMessageContaining("outside the times a store keeps");
        assertThatThrownBy(() -> event(id, Limits.LATEST_TIME)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("outside the times a store keeps");
        assertThat(event(id, Limits.EARLIEST_TIME).recordedAt()).isEqualTo(Limits.EARLIEST_TIME);
    }

    @Test
    void an_event_without_its_own_time_takes_its_appends() {
        Instant own = Instant.parse("2001-02-03T04:05:06.987654321Z");
        NewEvent copied = event(UUID.randomUUID(), own);
        NewEvent fresh = event(UUID.randomUUID(), null);
        AppendRequest request = new AppendRequest("ticket-1", AppendRequest.ANY, List.of(copied, fresh), APPEND_TIME);

        assertThat(request.recordedAtOf(copied)).isEqualTo(own);
        assertThat(request.recordedAtOf(fresh)).isEqualTo(APPEND_TIME);
        assertThat(new NewEvent(UUID.randomUUID(), "noted", 1, new byte[0], new byte[0]).recordedAt()).isNull();
    }

    private static NewEvent event(UUID id, @Nullable Instant own) {
        return new NewEvent(id, "noted", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8), own);
    }
}
