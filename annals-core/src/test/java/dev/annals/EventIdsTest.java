package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.internal.EventIds;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void event_ids_are_version_7_uuids_ordered_by_time_and_unique() throws InterruptedException {
        UUID first = EventIds.next();
        Thread.sleep(2);
        UUID later = EventIds.next();
        Set<UUID> many = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(EventIds.next());
        }

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(Long.compareUnsigned(later.getMostSignificantBits(), first.getMostSignificantBits())).isPositive();
        assertThat(many).hasSize(100_000);
    }
}
