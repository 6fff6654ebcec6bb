package dev.annals.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorded-at time of appends: the wall clock, but strictly increasing within the process, so
 * that no two appends of a process share one. The append decision relies on it to tell a retry
 * from a part of a larger append (the events of one append share their recorded-at time).
 * Thread-safe.
 */
public final class RecordedAtClock {

    private static final AtomicLong LAST_NANOS = new AtomicLong();

    private RecordedAtClock() {
    }

    public static Instant next() {
        Instant now = Instant.now();
        long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long nanos = LAST_NANOS.accumulateAndGet(wall, (last, candidate) -> Math.max(last + 1, candidate));
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
