package dev.annals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SnapshotPolicy} decides from, after a save: facts from the stored snapshot and from
 * the load of this instance.
 *
 * @param version the aggregate's version after the save
 * @param lastSnapshotVersion the version of the newest snapshot known, -1 when there is none
 * @param lastSnapshotAt when that snapshot was taken, null when there is none
 * @param now the repository clock's time
 * @param eventsReplayedOnLoad events the load of this instance replayed after its snapshot
 * @param loadDuration how long that load took
 */
public record SnapshotContext(
        long version, long lastSnapshotVersion, @Nullable Instant lastSnapshotAt, Instant now,
        long eventsReplayedOnLoad, Duration loadDuration) {

    /** Events stored since the newest snapshot (all events when there is none). */
    public long eventsSinceSnapshot() {
        return version - lastSnapshotVersion;
    }

    /** Time since the newest snapshot; empty when there is none. */
    public Optional<Duration> timeSinceSnapshot() {
        return lastSnapshotAt == null ? Optional.empty() : Optional.of(Duration.between(lastSnapshotAt, now));
    }
}
