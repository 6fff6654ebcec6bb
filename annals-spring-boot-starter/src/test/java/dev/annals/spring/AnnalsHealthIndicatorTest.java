package dev.annals.spring;

import static dev.annals.spring.ManagedSubscriptionTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.EventStore;
import dev.annals.subscription.RetryPolicy;
import dev.annals.subscription.SubscriptionState;
import dev.annals.subscription.SubscriptionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AnnalsHealthIndicatorTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner contexts() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AnnalsAutoConfiguration.class, AnnalsHealthAutoConfiguration.class))
                .withPropertyValues("annals.url=sqlite:" + dir.resolve("annals.db"))
                .withUserConfiguration(PoisonRefusing.class);
    }

    @Test
    void up_with_the_store_head_and_each_subscription_state_and_lag() {
        contexts().run(context -> {
            Annals annals = context.getBean(Annals.class);
            AppendResult written = annals.eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                    List.of(new NoteEvent.Written("a"), new NoteEvent.Written("b")));
            ManagedSubscription notes = context.getBean(ManagedSubscription.class);
            waitUntil(() -> notes.status().get(0).checkpoint() == written.positions().get(1)
                    && notes.status().get(0).state() == SubscriptionState.LIVE);

            Health health = context.getBean(AnnalsHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("headPosition", written.positions().get(1))
                    .containsEntry("store", annals.toString());
            Map<String, Object> subscription = subscription(health, "notes");
            assertThat(subscription).containsEntry("running", true).containsEntry("lagEvents", 0L).containsEntry("parked", 0);
            assertThat(partition(subscription)).containsEntry("state", "LIVE").containsEntry("checkpoint", written.positions().get(1));
        });
    }

    @Test
    void down_when_a_subscription_stopped_on_a_poison_event() {
        contexts().run(context -> {
            Annals annals = context.getBean(Annals.class);
            AppendResult written = annals.eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                    List.of(new NoteEvent.Written("a"), new NoteEvent.Poison("no reason"), new NoteEvent.Written("c")));
            ManagedSubscription notes = context.getBean(ManagedSubscription.class);
            waitUntil(() -> notes.parked().size() == 1);
            waitUntil(() -> context.getBean(AnnalsHealthIndicator.class).health().getStatus().equals(Status.DOWN));

            Health health = context.getBean(AnnalsHealthIndicator.class).health();

            Map<String, Object> subscription = subscription(health, "notes");
            assertThat(subscription).containsEntry("parked", 1).containsEntry("lagEvents", 2L);
            assertThat(partition(subscription)).containsEntry("state", "FAILED").containsEntry("checkpoint", written.positions().get(0));
            assertThat((String) partition(subscription).get("lastError")).contains("cannot handle no reason");
        });
    }

    @Test
    void down_when_the_store_cannot_be_read() {
        contexts().run(context -> {
            HealthIndicator indicator = context.getBean(AnnalsHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            context.getBean(ManagedSubscription.class).stop();
            context.getBean(Annals.class).close();

            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error").containsKey("store");
        });
    }

    @Test
    void the_indicator_is_left_out_when_disabled_or_without_spring_boot_health() {
        contexts().withPropertyValues("management.health.annals.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(Annals.class).doesNotHaveBean(AnnalsHealthIndicator.class));
        contexts().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasSingleBean(Annals.class).doesNotHaveBean(AnnalsHealthIndicator.class));
    }

    /** A subscription whose handler fails on every {@link NoteEvent.Poison}, once (no retries, to keep the tests short). */
    @Configuration(proxyBeanMethods = false)
    static class PoisonRefusing {
        @Bean
        ManagedSubscription notes(Annals annals) {
            return ManagedSubscription.subscribe(annals, "notes",
                    SubscriptionOptions.defaults().categories(NoteEvent.NOTES).retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)),
                    (batch, context) -> batch.forEach(event -> {
                        if (event.event() instanceof NoteEvent.Poison poison) {
                            throw new IllegalStateException("cannot handle " + poison.why());
                        }
                    }));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> subscription(Health health, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("subscriptions")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> partition(Map<String, Object> subscription) {
        return ((List<Map<String, Object>>) subscription.get("partitions")).get(0);
    }
}
