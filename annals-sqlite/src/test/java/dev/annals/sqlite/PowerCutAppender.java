package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The program run in a child JVM by the power-cut test: threads append 1–3 events at a time to streams
 * of their own, and print {@code ACK stream appendId eventCount version} the moment {@code append}
 * returns, as {@link ChildAppender} does, until the process is killed. Each event's payload names its
 * append and the append's size.
 *
 * <p>Arguments: file, synchronous mode ({@code full} or {@code normal}), threads.
 */
public final class PowerCutAppender {

    private PowerCutAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        SqliteOptions options = SqliteOptions.DEFAULTS.withSynchronous(SqliteOptions.Synchronous.valueOf(args[1].toUpperCase(Locale.ROOT)));
        int threadCount = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (SqliteBackend backend = new SqliteBackend(file, options)) {
            out.println("READY");
            out.flush();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                String prefix = "t" + t + "-" + ProcessHandle.current().pid() + "-";
                Thread thread = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        appendOnce(backend, prefix + (i % 20), out);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static void appendOnce(SqliteBackend backend, String stream, PrintStream out) {
        int count = 1 + ThreadLocalRandom.current().nextInt(3);
        UUID appendId = UUID.randomUUID();
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String payload = "{\"append\":\"" + appendId + "\",\"i\":" + i + ",\"n\":" + count + "}";
            events.add(new NewEvent(UUID.randomUUID(), "Appended", 1, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
        }
        long version = backend.currentVersion(stream).orElse(AppendRequest.NO_STREAM);
        AppendResult result = backend.append(new AppendRequest(stream, version, events, Instant.now()));
        synchronized (out) {
            out.println("ACK " + stream + " " + appendId + " " + count + " " + result.version());
            out.flush();
        }
    }
}
