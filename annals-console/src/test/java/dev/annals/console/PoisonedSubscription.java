package dev.annals.console;

import dev.annals.Annals;
import dev.annals.RecordedEvent;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.RetryPolicy;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running subscription that parks the {@code poison-pill} event (its handler fails every try until the test has seen
 * the event parked: the cause is then mended) and handles it when asked to retry. Its error holds markup, which must
 * stay text.
 */
final class PoisonedSubscription implements AutoCloseable {

    static final String ERROR = "the pill is <img src=x onerror=\"window.annalsPwned='error'\"> bitter";

    final String name;
    final Subscription subscription;
    final AtomicInteger handledPills = new AtomicInteger();
    private final AtomicBoolean mended = new AtomicBoolean();

    PoisonedSubscription(Annals annals, String name) {
        this.name = name;
        Stores.append(annals, "pill-1", "poison-pill", "{}", "{\"dose\":1}");
        this.subscription = annals.subscribe(name, SubscriptionOptions.startAt(Start.beginning())
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10))).fallbackPoll(Duration.ofMillis(200)),
                (batch, context) -> {
                    for (RecordedEvent<Object> event : batch) {
                        if (event.type().equals("poison-pill")) {
                            if (!mended.get()) {
                                throw new IllegalStateException(ERROR);
                            }
                            handledPills.incrementAndGet();
                        }
                    }
                });
    }

    /** Waits up to 10 s for the pill to be parked. */
    ParkedEvent awaitParked() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            List<ParkedEvent> parked = subscription.parked();
            if (!parked.isEmpty()) {
                mended.set(true);
                return parked.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the poison pill was not parked within 10 s");
    }

    /** Waits up to 10 s for the pill to be handled (after a retry). */
    boolean awaitHandled() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (handledPills.get() > 0 && subscription.parked().isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
