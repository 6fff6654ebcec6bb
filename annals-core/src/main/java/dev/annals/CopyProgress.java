package dev.annals;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a copy has come, as told to a {@link CopyListener}.
 *
 * @param copied events written to the target by this run so far
 * @param resumed events the target held already when this run started (an earlier, interrupted copy's)
 * @param position the position of the source's log copied up to
 * @param startPosition the position of the source's log this run started after
 * @param headPosition the source's head position when this run started (it may have grown since)
 * @param elapsed the time this run has taken so far
 */
public record CopyProgress(long copied, long resumed, long position, long startPosition, long headPosition, Duration elapsed) {

    /** Events written per second by this run. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : copied / seconds;
    }

    /** The part of the source's log (as it was when the run started) done, 0 to 1, by position. */
    public double fractionDone() {
        long span = headPosition - startPosition;
        return span <= 0 ? 1 : Math.min(1, Math.max(0, (double) (position - startPosition) / span));
    }

    /** The time left at the pace so far, by position; empty before anything is done. */
    public Optional<Duration> estimatedTimeLeft() {
        double done = fractionDone();
        if (done <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) (elapsed.toNanos() * (1 - done) / done)));
    }
}
