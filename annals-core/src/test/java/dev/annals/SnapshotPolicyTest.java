package dev.annals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static SnapshotContext context(long version, long snapshotVersion, Instant snapshotAt, long replayed, Duration load) {
        return new SnapshotContext(version, snapshotVersion, snapshotAt, NOW, replayed, load);
    }

    @Test
    void every_n_events_counts_from_the_stored_snapshot() {
        SnapshotPolicy policy = SnapshotPolicy.everyEvents(100);

        assertThat(policy.shouldSnapshot(context(149, 50, NOW, 0, Duration.ZERO))).isFalse();
        assertThat(policy.shouldSnapshot(context(150, 50, NOW, 0, Duration.ZERO))).isTrue();
        assertThat(policy.shouldSnapshot(context(99, -1, null, 0, Duration.ZERO))).isTrue();
        assertThat(policy.shouldSnapshot(context(98, -1, null, 0, Duration.ZERO))).isFalse();
    }

    @Test
    void every_duration_counts_from_the_stored_snapshot_time_and_needs_new_events() {
        SnapshotPolicy policy = SnapshotPolicy.every(Duration.ofHours(1));

        assertThat(policy.shouldSnapshot(context(10, 9, NOW.minus(Duration.ofMinutes(59)), 0, Duration.ZERO))).isFalse();
        assertThat(policy.shouldSnapshot(context(10, 9, NOW.minus(Duration.ofMinutes(60)), 0, Duration.ZERO))).isTrue();
        assertThat(policy.shouldSnapshot(context(9, 9, NOW.minus(Duration.ofDays(1)), 0, Duration.ZERO))).isFalse();
        assertThat(policy.shouldSnapshot(context(10, -1, null, 0, Duration.ZERO))).isFalse();
    }

    @Test
    void load_based_policies_look_at_the_load_that_just_happened() {
        assertThat(SnapshotPolicy.whenReplayedMoreThan(500).shouldSnapshot(context(900, 100, NOW, 501, Duration.ZERO))).isTrue();
        assertThat(SnapshotPolicy.whenReplayedMoreThan(500).shouldSnapshot(context(900, 100, NOW, 500, Duration.ZERO))).isFalse();
        assertThat(SnapshotPolicy.whenLoadSlowerThan(Duration.ofMillis(50)).shouldSnapshot(context(1, 0, NOW, 1, Duration.ofMillis(51))))
                .isTrue();
        assertThat(SnapshotPolicy.whenLoadSlowerThan(Duration.ofMillis(50)).shouldSnapshot(context(1, 0, NOW, 1, Duration.ofMillis(50))))
                .isFalse();
    }

    @Test
    void policies_combine_with_or_and_and() {
        SnapshotPolicy many = SnapshotPolicy.everyEvents(10);
        SnapshotPolicy slow = SnapshotPolicy.whenLoadSlowerThan(Duration.ofMillis(1));
        SnapshotContext manyFast = context(20, 0, NOW, 0, Duration.ZERO);

        assertThat(many.or(slow).shouldSnapshot(manyFast)).isTrue();
        assertThat(many.and(slow).shouldSnapshot(manyFast)).isFalse();
        assertThat(SnapshotPolicy.never().shouldSnapshot(manyFast)).isFalse();
    }

    @Test
    void the_default_is_100_events_or_one_hour() {
        SnapshotPolicy policy = SnapshotPolicy.defaultPolicy();

        assertThat(policy.shouldSnapshot(context(100, 0, NOW, 0, Duration.ZERO))).isTrue();
        assertThat(policy.shouldSnapshot(context(99, 0, NOW, 0, Duration.ZERO))).isFalse();
        assertThat(policy.shouldSnapshot(context(5, 0, NOW.minus(Duration.ofHours(1)), 0, Duration.ZERO))).isTrue();
    }
}
