package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The program run in a child JVM by the crash and shared-file tests: threads append to the store
 * and print one line per acknowledged append, {@code ACK stream appendId eventCount version}, the
 * moment {@code append} returns. Each event's payload names its append and the append's size, so a
 * reader can tell whether an append is entirely present.
 *
 * <p>Arguments: file, prefix, threads, appends per thread (0 = until killed), and optionally
 * {@code shared} to make every other append go to the contended stream {@code shared}.
 */
public final class ChildAppender {

    private ChildAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String prefix = args[1];
        int threadCount = Integer.parseInt(args[2]);
        int appends = Integer.parseInt(args[3]);
        boolean shared = args.length > 4 && args[4].equals("shared");
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (SqliteBackend backend = new SqliteBackend(file)) {
            out.println("READY");
            out.flush();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                String own = prefix + "-" + t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; appends == 0 || i < appends; i++) {
                        String stream = shared && i % 2 == 1 ? "shared" : own;
                        appendOnce(backend, stream, out);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        out.println("DONE");
        out.flush();
    }

    /** Appends 1–4 events at the stream's current version, retrying after a conflict. */
    private static void appendOnce(SqliteBackend backend, String stream, PrintStream out) {
        int count = 1 + ThreadLocalRandom.current().nextInt(4);
        UUID appendId = UUID.randomUUID();
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String payload = "{\"append\":\"" + appendId + "\",\"i\":" + i + ",\"n\":" + count + "}";
            events.add(new NewEvent(UUID.randomUUID(), "Appended", 1, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
        }
        while (true) {
            long version = backend.currentVersion(stream).orElse(-1);
            try {
                AppendResult result = backend.append(new AppendRequest(stream, version, events, Instant.now()));
                synchronized (out) {
                    out.println("ACK " + stream + " " + appendId + " " + count + " " + result.version());
                    out.flush();
                }
                return;
            } catch (EventStoreConflictException e) {
                // another writer got there first: read the new version and try again
            }
        }
    }
}
