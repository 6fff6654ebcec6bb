package dev.annals.subscription;

import dev.annals.RecordedEvent;
import java.util.List;

/**
 * Handles the events of a subscription, at least once: after a crash the events after the last
 * stored checkpoint are handled again, so a handler that writes outside the store deduplicates by
 * {@link RecordedEvent#eventId()} (or by position). For exactly-once into the same SQL database, use
 * a {@link Projection}.
 *
 * <p>Called from one thread per partition, never concurrently for one partition.
 */
@FunctionalInterface
public interface SubscriptionHandler {

    /**
     * Handles a batch, in log order. Throwing retries the batch event by event, by the subscription's
     * {@link RetryPolicy}; an event that fails its last try is parked.
     */
    void handle(List<RecordedEvent<Object>> batch, SubscriptionContext context) throws Exception;

    /** Called when the subscription is reset to {@code position}, before the events after it are handled again. */
    default void reset(long position) throws Exception {
    }
}
