package dev.annals.observability;

import static dev.annals.observability.AppendMetersTest.assigned;
import static dev.annals.observability.AppendMetersTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.subscription.PoisonPolicy;
import dev.annals.subscription.RetryPolicy;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionMetersTest {

    @TempDir
    Path dir;

    @Test
    void lag_in_events_and_seconds_and_state_follow_a_subscription_that_falls_behind_and_catches_up() throws Exception {
        // The observer's clock runs an hour ahead of the store's, so the lag in seconds is at least an hour while behind.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("lag.db"), AnnalsObservability.builder()
                        .meterRegistry(telemetry.registry).clock(later).build())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            for (int i = 0; i < 3; i++) {
                UUID id = UUID.randomUUID();
                tickets.appendEvents(id, EventStore.NO_STREAM, List.of(opened(id)));
            }
            CountDownLatch release = new CountDownLatch(1);
            try (Subscription sub = annals.subscribe("slow-view", SubscriptionOptions.startAt(Start.beginning())
                    .categories(Ticketing.TICKETS).batchSize(1), (batch, context) -> release.await(30, TimeUnit.SECONDS))) {
                Gauge lag = telemetry.registry.get("annals.subscription.lag").tags("subscription", "slow-view", "partition", "0").gauge();
                TimeGauge lagTime = telemetry.registry.get("annals.subscription.lag.time").tags("subscription", "slow-view").timeGauge();
                awaitValue(lag::value, 3);
                assertThat(lagTime.value(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3600);
                awaitValue(() -> state(telemetry, "slow-view", "catching_up"), 1);
                assertThat(state(telemetry, "slow-view", "live")).isZero();

                release.countDown();
                assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                awaitValue(lag::value, 0);
                assertThat(lagTime.value(TimeUnit.SECONDS)).isZero();
                awaitValue(() -> state(telemetry, "slow-view", "live"), 1);
                assertThat(telemetry.registry.get("annals.subscription.events").tag("subscription", "slow-view").counter().count())
                        .isEqualTo(3);
                assertThat(telemetry.registry.get("annals.subscription.handle").tags("subscription", "slow-view", "outcome", "ok")
                        .timer().count()).isEqualTo(3);
            }
        }
    }

    @Test
    void retries_and_parked_events_are_counted_per_subscription() throws Exception {
        try (TestTelemetry telemetry = new TestTelemetry();
                Annals annals = Annals.open("sqlite:" + dir.resolve("poison.db"), telemetry.observability())) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID id = UUID.randomUUID();
            tickets.appendEvents(id, EventStore.NO_STREAM, List.of(opened(id), assigned(id, "poison"), assigned(id, "bob")));
            try (Subscription sub = annals.subscribe("picky-view", SubscriptionOptions.startAt(Start.beginning())
                    .categories(Ticketing.TICKETS).retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                    .onPoison(PoisonPolicy.CONTINUE), (batch, context) -> {
                        for (var event : batch) {
                            if (event.event() instanceof TicketEvent.TicketAssigned a && a.assignee().equals("poison")) {
                                throw new IllegalStateException("cannot handle " + a.assignee());
                            }
                        }
                    })) {
                assertThat(sub.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                assertThat(sub.parked()).hasSize(1);
            }
            assertThat(telemetry.registry.get("annals.subscription.parked").tag("subscription", "picky-view").counter().count())
                    .isEqualTo(1);
            // the batch of 3 failed; then event by event: the first is handled, the poison one is tried 3 times, the last handled
            assertThat(telemetry.registry.get("annals.subscription.handle").tags("subscription", "picky-view", "outcome", "error")
                    .timer().count()).isEqualTo(4);
            assertThat(telemetry.registry.get("annals.subscription.retries").tag("subscription", "picky-view").counter().count())
                    .isEqualTo(2);
            assertThat(telemetry.registry.get("annals.subscription.events").tag("subscription", "picky-view").counter().count())
                    .isEqualTo(2);
        }
    }

    private static double state(TestTelemetry telemetry, String subscription, String state) {
        return telemetry.registry.get("annals.subscription.state").tags("subscription", subscription, "state", state).gauge().value();
    }

    /** Gauges read a status at most once a second: wait for the value, at most 10 s. */
    private static void awaitValue(DoubleSupplier value, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(value.getAsDouble()).isEqualTo(expected);
    }
}
