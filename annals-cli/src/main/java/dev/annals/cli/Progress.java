package dev.annals.cli;

import java.io.Console;
import java.io.PrintWriter;

/**
 * A progress bar on one terminal line, redrawn at most ten times a second. When the output is not
 * a terminal it prints nothing, so logs and pipes stay clean. Not thread-safe.
 */
final class Progress implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private long done;
    private long lastDraw;

    Progress(PrintWriter out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.interactive = onTerminal();
    }

    /**
     * True when the JVM runs in a terminal. Up to JDK 21 a console exists only then; from JDK 22 it
     * always exists and {@code Console.isTerminal()} (absent from the JDK 17 API) tells.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check serves JDK 17 to 21; isTerminal() serves JDK 22 on
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (interactive && now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        out.printf("\r  %-28s [%s%s] %3d%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * Math.min(done, total) / total);
        out.flush();
    }

    @Override
    public void close() {
        if (interactive) {
            done = total;
            draw();
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
