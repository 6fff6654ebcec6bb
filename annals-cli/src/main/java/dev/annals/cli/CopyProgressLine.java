package dev.annals.cli;

import dev.annals.CopyListener;
import dev.annals.CopyProgress;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * A copy's progress on stderr: on a terminal, a bar redrawn at most ten times a second with events/s and
 * the time left; otherwise a plain line every ten seconds, so that logs stay short. Not thread-safe.
 */
final class CopyProgressLine implements CopyListener, AutoCloseable {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private long lastShown = System.nanoTime();
    private boolean drawn;

    CopyProgressLine(PrintWriter err) {
        this.err = err;
        this.interactive = Progress.onTerminal();
    }

    @Override
    public void progress(CopyProgress progress) {
        long now = System.nanoTime();
        if (now - lastShown < (interactive ? REDRAW_NANOS : LINE_NANOS)) {
            return;
        }
        lastShown = now;
        int percent = (int) Math.round(100 * progress.fractionDone());
        String left = progress.estimatedTimeLeft().map(CopyProgressLine::clock).orElse("?");
        String figures = String.format("%,d events, %,.0f events/s, %s left", progress.copied(), progress.eventsPerSecond(), left);
        if (interactive) {
            int filled = WIDTH * percent / 100;
            err.printf("\r  copying [%s%s] %3d%% %-50s", "#".repeat(filled), ".".repeat(WIDTH - filled), percent, figures);
            drawn = true;
        } else {
            err.printf("annals copy: %d%%, %s%n", percent, figures);
        }
        err.flush();
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(WIDTH + 70) + "\r");
            err.flush();
        }
    }
}
