package dev.annals.spring;

import dev.annals.Annals;
import dev.annals.subscription.SubscriptionState;
import dev.annals.subscription.SubscriptionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code annals} health of Actuator: the store is reachable (it reads the head of the global log, a
 * cheap real read) and, for each {@link ManagedSubscription}, the state, checkpoint, lag in events and
 * parked events of each partition. DOWN when the store cannot be read or a partition has stopped on a
 * poison event ({@link SubscriptionState#FAILED}); a partition standing by while another instance holds
 * its lease is UP.
 *
 * <p>Each call reads the store (on PostgreSQL within the store's statement timeout). Thread-safe.
 */
public final class AnnalsHealthIndicator implements HealthIndicator {

    private final Annals annals;
    private final ObjectProvider<ManagedSubscription> subscriptions;

    public AnnalsHealthIndicator(Annals annals, ObjectProvider<ManagedSubscription> subscriptions) {
        this.annals = annals;
        this.subscriptions = subscriptions;
    }

    @Override
    public Health health() {
        long head;
        try {
            head = annals.backend().headPosition();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("store", annals.toString()).build();
        }
        boolean stopped = false;
        Map<String, Object> details = new TreeMap<>();
        for (ManagedSubscription subscription : subscriptions.orderedStream().toList()) {
            try {
                List<SubscriptionStatus> statuses = subscription.status();
                stopped |= statuses.stream().anyMatch(s -> s.state() == SubscriptionState.FAILED);
                details.put(subscription.name(), describe(subscription, statuses));
            } catch (RuntimeException e) {
                stopped = true;
                details.put(subscription.name(), Map.of("error", String.valueOf(e)));
            }
        }
        Health.Builder health = stopped ? Health.down() : Health.up();
        return health.withDetail("store", annals.toString()).withDetail("headPosition", head)
                .withDetail("subscriptions", details).build();
    }

    private static Map<String, Object> describe(ManagedSubscription subscription, List<SubscriptionStatus> statuses) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("running", subscription.isRunning());
        long lag = 0;
        int parked = 0;
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (SubscriptionStatus status : statuses) {
            lag += status.lagEvents();
            parked = status.parked(); // counted for the whole subscription
            Map<String, Object> partition = new LinkedHashMap<>();
            partition.put("partition", status.partition());
            partition.put("state", status.state().name());
            partition.put("checkpoint", status.checkpoint());
            partition.put("lagEvents", status.lagEvents());
            String lastError = status.lastError();
            if (lastError != null) {
                partition.put("lastError", lastError);
            }
            partitions.add(partition);
        }
        described.put("lagEvents", lag);
        described.put("parked", parked);
        described.put("partitions", partitions);
        return described;
    }
}
