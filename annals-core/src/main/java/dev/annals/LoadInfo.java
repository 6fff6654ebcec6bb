package dev.annals;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How an aggregate instance was loaded: the snapshot it started from and what the load cost. The
 * repository keeps it with the instance so that the snapshot policy decides from stored facts,
 * not from counters that a restart would lose.
 *
 * @param snapshotVersion the version of the snapshot used, or -1 for none
 * @param snapshotCreatedAt when that snapshot was taken, or null
 * @param eventsReplayed events applied on top of the snapshot
 * @param loadDuration how long the load took
 */
record LoadInfo(long snapshotVersion, @Nullable Instant snapshotCreatedAt, long eventsReplayed, Duration loadDuration) {

    static final LoadInfo NEW = new LoadInfo(-1, null, 0, Duration.ZERO);
}
