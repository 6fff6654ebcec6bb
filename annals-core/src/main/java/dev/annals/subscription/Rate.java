package dev.annals.subscription;

/** Events per second over the last few seconds, in one-second buckets. Thread-safe. */
final class Rate {

    private static final int SECONDS = 5;

    private final long[] counts = new long[SECONDS];
    private final long[] seconds = new long[SECONDS];

    synchronized void add(long events) {
        long now = System.nanoTime() / 1_000_000_000L;
        int slot = (int) Math.floorMod(now, (long) SECONDS);
        if (seconds[slot] != now) {
            seconds[slot] = now;
            counts[slot] = 0;
        }
        counts[slot] += events;
    }

    synchronized double perSecond() {
        long now = System.nanoTime() / 1_000_000_000L;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - seconds[i] < SECONDS && now != seconds[i]) {
                total += counts[i];
            }
        }
        return total / (double) (SECONDS - 1);
    }
}
