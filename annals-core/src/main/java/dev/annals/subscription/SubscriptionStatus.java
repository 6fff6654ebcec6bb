package dev.annals.subscription;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one subscription partition as this instance sees it.
 *
 * @param checkpoint the position of the last event handled (0: none yet)
 * @param headPosition the head of the log when the status was taken
 * @param lagEvents the events after the checkpoint (positions may have holes, so this is a count, not a subtraction)
 * @param eventsHandled events handed to the handler since this instance started
 * @param eventsPerSecond events handled per second over the last few seconds
 * @param parked events parked for the subscription (all partitions)
 * @param lastError the last handler or store error, null when none
 */
public record SubscriptionStatus(String subscription, int partition, SubscriptionState state, long checkpoint, long headPosition,
        long lagEvents, long eventsHandled, double eventsPerSecond, int parked, @Nullable String lastError) {
}
