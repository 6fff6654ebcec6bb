package dev.annals.subscription;

/**
 * Where a handler's batch belongs.
 *
 * @param attempt 1 for the first try of this batch or event
 */
public record SubscriptionContext(String subscription, int partition, int partitions, int attempt) {
}
