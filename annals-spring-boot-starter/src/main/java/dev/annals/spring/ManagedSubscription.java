package dev.annals.spring;

import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.Projection;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionHandler;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionStatus;
import dev.annals.subscription.Subscriptions;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * A subscription or projection that starts and stops with the application context: declare it as a bean
 * and it starts once every bean is ready, and stops, gracefully, before the store closes.
 *
 * <pre>{@code
 * @Bean
 * ManagedSubscription openTickets(Annals annals) {
 *     return ManagedSubscription.project(annals, "open-tickets",
 *             SubscriptionOptions.defaults().categories(Ticketing.TICKETS), new OpenTicketsProjection());
 * }
 * }</pre>
 *
 * <p>Stopping is graceful: a batch the handler is working on finishes and its checkpoint is stored
 * ({@link Subscription#close()}), within Spring's shutdown-phase timeout. Each one is reported by the
 * {@code annals} health indicator.
 *
 * <p>Thread-safe.
 */
public final class ManagedSubscription implements SmartLifecycle {

    private final Annals annals;
    private final String name;
    private final Supplier<Subscription> starter;
    private volatile @Nullable Subscription running;

    private ManagedSubscription(Annals annals, String name, Supplier<Subscription> starter) {
        this.annals = annals;
        this.name = name;
        this.starter = starter;
    }

    /**
     * A subscription that hands batches to {@code handler}, at least once ({@link Annals#subscribe}).
     *
     * @throws dev.annals.UnsupportedCapabilityException when the store keeps no subscriptions
     */
    public static ManagedSubscription subscribe(Annals annals, String name, SubscriptionOptions options, SubscriptionHandler handler) {
        Subscriptions subscriptions = subscriptions(annals, name, options);
        InvalidArgumentException.requireNonNull(handler, "handler");
        return new ManagedSubscription(annals, name, () -> subscriptions.subscribe(name, options, handler));
    }

    /**
     * A projection that writes exactly once with its checkpoint ({@link Annals#project}).
     *
     * @throws dev.annals.UnsupportedCapabilityException when the store keeps no subscriptions
     */
    public static ManagedSubscription project(Annals annals, String name, SubscriptionOptions options, Projection projection) {
        Subscriptions subscriptions = subscriptions(annals, name, options);
        InvalidArgumentException.requireNonNull(projection, "projection");
        return new ManagedSubscription(annals, name, () -> subscriptions.project(name, options, projection));
    }

    private static Subscriptions subscriptions(Annals annals, String name, SubscriptionOptions options) {
        InvalidArgumentException.requireNonNull(annals, "annals");
        InvalidArgumentException.requireNonNull(name, "subscription name");
        InvalidArgumentException.requireNonNull(options, "options");
        return annals.subscriptions();
    }

    public String name() {
        return name;
    }

    /** Starts the subscription's runners; they catch up on their own threads. */
    @Override
    public synchronized void start() {
        if (running == null) {
            running = starter.get();
        }
    }

    /** Stops the runners gracefully: a batch in the handler finishes and its checkpoint is stored. */
    @Override
    public synchronized void stop() {
        Subscription subscription = running;
        if (subscription != null) {
            running = null;
            subscription.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** Starts last and stops first of the application's lifecycle beans: its handler may use any of them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The status of each partition this instance runs; empty while stopped. */
    public List<SubscriptionStatus> status() {
        Subscription subscription = running;
        return subscription == null ? List.of() : subscription.status();
    }

    /** The events the subscription parked, in position order (also while stopped). */
    public List<ParkedEvent> parked() {
        return annals.subscriptions().parked(name);
    }

    /** Waits until every partition this instance runs is live (false when stopped, or after {@code timeout}). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Subscription subscription = running;
        return subscription != null && subscription.awaitCaughtUp(timeout);
    }

    @Override
    public String toString() {
        return "ManagedSubscription[" + name + (running != null ? ", running" : ", stopped") + "]";
    }
}
