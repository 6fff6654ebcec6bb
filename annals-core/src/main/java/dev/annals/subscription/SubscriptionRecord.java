package dev.annals.subscription;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a store keeps of one subscription partition.
 *
 * @param checkpoint the last position handled, -1 when none
 * @param owner the instance holding the lease, null when nobody ever held it
 * @param leaseExpiresAt when the lease ends unless renewed, null when nobody ever held it
 */
public record SubscriptionRecord(String subscription, int partition, long checkpoint, @Nullable String owner, long token,
        @Nullable Instant leaseExpiresAt, int parked) {
}
