package dev.annals;

import java.util.Map;

/**
 * Counters of a repository since it was built, for dashboards.
 *
 * @param loads loads that found the aggregate
 * @param snapshotHits loads that started from a snapshot
 * @param fallbacks snapshots skipped on load, by reason; {@code FULL_REPLAY} counts loads that had snapshots but could use none
 * @param eventsReplayed events applied during loads
 * @param saves saves that stored events
 * @param conflicts saves rejected by the version check
 * @param snapshotsWritten snapshots the policy asked for and that were stored
 * @param snapshotFailures snapshots the policy asked for that could not be stored
 */
public record RepositoryMetrics(
        long loads, long snapshotHits, Map<FallbackReason, Long> fallbacks, long eventsReplayed,
        long saves, long conflicts, long snapshotsWritten, long snapshotFailures) {

    public RepositoryMetrics {
        fallbacks = Map.copyOf(fallbacks);
    }

    /** The count of one fallback reason. */
    public long fallbacks(FallbackReason reason) {
        return fallbacks.getOrDefault(reason, 0L);
    }
}
