package dev.annals.observability;

import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionState;
import dev.annals.subscription.SubscriptionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The gauges of the subscriptions running in this process, per subscription name and partition: lag in
 * events and in seconds, and state. Each partition's gauges are registered once and read the newest
 * subscription of that name, so a subscription closed and started again keeps its series. A status is
 * read from the store at most once a second per subscription, however often the gauges are read.
 * Thread-safe.
 */
final class SubscriptionGauges {

    private static final Duration STATUS_TTL = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    SubscriptionGauges(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Shows {@code subscription}, read through {@code backend}, from now on. */
    void register(Subscription subscription, StorageBackend backend) {
        Probe probe = probes.computeIfAbsent(subscription.name(), name -> new Probe());
        probe.follow(subscription, backend);
        for (SubscriptionStatus status : probe.statuses()) {
            int partition = status.partition();
            String[] tags = {"subscription", subscription.name(), "partition", Integer.toString(partition)};
            Gauge.builder("annals.subscription.lag", probe, p -> p.lagEvents(partition))
                    .description("Events after the subscription's checkpoint (a count: positions may have holes)")
                    .baseUnit("events").tags(tags).register(registry);
            TimeGauge.builder("annals.subscription.lag.time", probe, TimeUnit.SECONDS, p -> p.lagSeconds(partition))
                    .description("Age of the oldest event after the subscription's checkpoint; 0 when it is caught up")
                    .tags(tags).register(registry);
            for (SubscriptionState state : SubscriptionState.values()) {
                Gauge.builder("annals.subscription.state", probe, p -> p.state(partition) == state ? 1 : 0)
                        .description("1 for the state the subscription partition is in, 0 for the others")
                        .tags(tags).tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
            }
        }
    }

    /** The newest subscription of one name, with its status cached for {@link #STATUS_TTL}. */
    private final class Probe {

        private volatile @Nullable Subscription subscription;
        private volatile @Nullable StorageBackend backend;
        private @Nullable List<SubscriptionStatus> statuses;
        private long readAt;
        private final Map<Integer, Double> lagSeconds = new ConcurrentHashMap<>();

        void follow(Subscription newest, StorageBackend store) {
            synchronized (this) {
                subscription = newest;
                backend = store;
                statuses = null;
            }
        }

        synchronized List<SubscriptionStatus> statuses() {
            Subscription current = subscription;
            if (current == null) {
                return List.of();
            }
            long now = System.nanoTime();
            if (statuses == null || now - readAt > STATUS_TTL.toNanos()) {
                statuses = current.status();
                readAt = now;
                lagSeconds.clear();
            }
            return statuses;
        }

        private @Nullable SubscriptionStatus status(int partition) {
            for (SubscriptionStatus status : statuses()) {
                if (status.partition() == partition) {
                    return status;
                }
            }
            return null;
        }

        double lagEvents(int partition) {
            SubscriptionStatus status = status(partition);
            return status == null ? Double.NaN : status.lagEvents();
        }

        @Nullable SubscriptionState state(int partition) {
            SubscriptionStatus status = status(partition);
            return status == null ? null : status.state();
        }

        /** How long the oldest event after the checkpoint has waited: one read of one event, at most once per status. */
        double lagSeconds(int partition) {
            SubscriptionStatus status = status(partition);
            StorageBackend store = backend;
            if (status == null || store == null) {
                return Double.NaN;
            }
            if (status.lagEvents() == 0) {
                return 0;
            }
            return lagSeconds.computeIfAbsent(partition, p -> {
                List<StoredEvent> next = store.readAll(status.checkpoint(), 1);
                if (next.isEmpty()) {
                    return 0.0;
                }
                return Math.max(0, Duration.between(next.get(0).recordedAt(), clock.instant()).toNanos() / 1e9);
            });
        }
    }
}
