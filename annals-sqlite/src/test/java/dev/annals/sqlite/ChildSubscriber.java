package dev.annals.sqlite;

import dev.annals.Annals;
import dev.annals.RecordedEvent;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.Projection;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The program run in a child JVM by {@link SubscriptionProcessTest}; it prints one line per step,
 * flushed at once, so the test sees what it did up to the moment it was killed or paused.
 *
 * <p>Modes (first argument), then the store's file:
 * <ul>
 *   <li>{@code follow FILE NAME LEASE_MS}: runs subscription NAME over the whole log, printing
 *       {@code HANDLED position} per event, until killed;</li>
 *   <li>{@code stale FILE NAME LEASE_MS}: holds NAME's lease through the storage role and works in
 *       500 ms steps, each {@code WORKING i}, then writes checkpoint {@code i} with its token; when a write
 *       is refused it prints {@code LEASE_LOST}, the exception and the stored checkpoint, and exits;</li>
 *   <li>{@code project FILE NAME}: runs projection NAME, one row per event in table {@code projected}
 *       in the checkpoint's transaction, printing {@code APPLYING last} per batch, and {@code DONE}
 *       once caught up;</li>
 *   <li>{@code append FILE STREAM COUNT PAUSE_MS}: appends COUNT single events, printing
 *       {@code ACK position epochNanos} the moment each append returns, pausing between them.</li>
 * </ul>
 */
public final class ChildSubscriber {

    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private ChildSubscriber() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "follow" -> follow(file, args[2], Duration.ofMillis(Long.parseLong(args[3])));
            case "stale" -> stale(file, args[2], Duration.ofMillis(Long.parseLong(args[3])));
            case "project" -> project(file, args[2]);
            case "append" -> append(file, args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void follow(Path file, String name, Duration lease) throws InterruptedException {
        Annals annals = new Annals(new SqliteBackend(file));
        annals.subscribe(name, SubscriptionOptions.startAt(Start.beginning()).batchSize(5).lease(lease), (batch, context) -> {
            for (RecordedEvent<Object> event : batch) {
                print("HANDLED " + event.position());
            }
            Thread.sleep(10);
        });
        print("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void stale(Path file, String name, Duration lease) throws InterruptedException {
        try (SqliteBackend backend = new SqliteBackend(file)) {
            SubscriptionStorage storage = backend.subscriptionStorage().orElseThrow();
            long token = storage.acquireLease(name, 0, "child", lease).orElseThrow();
            print("LEASED " + token);
            for (int i = 1; ; i++) {
                if (storage.acquireLease(name, 0, "child", lease).isEmpty()) {
                    print("LEASE_GONE");
                    return;
                }
                print("WORKING " + i);
                Thread.sleep(500); // a batch being handled: the test pauses the process here, past its lease
                try {
                    storage.saveCheckpoint(name, 0, token, i);
                    print("SAVED " + i);
                } catch (LeaseLostException e) {
                    print("LEASE_LOST " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    print("STORED " + storage.checkpoint(name, 0).orElseThrow().position());
                    return;
                }
            }
        }
    }

    private static void project(Path file, String name) throws InterruptedException {
        try (Annals annals = new Annals(new SqliteBackend(file))) {
            Subscription sub = annals.project(name, SubscriptionOptions.startAt(Start.beginning()).batchSize(10)
                    .lease(Duration.ofMillis(500)), new RowPerEvent());
            print("READY");
            if (!sub.awaitCaughtUp(Duration.ofSeconds(60))) {
                print("NOT_CAUGHT_UP " + sub.status());
                return;
            }
            sub.close();
            print("DONE");
        }
    }

    /** One row per event; slow enough per batch for a kill to land inside its transaction. */
    private static final class RowPerEvent implements Projection {
        @Override
        public void apply(List<RecordedEvent<Object>> batch, Connection connection) throws Exception {
            print("APPLYING " + batch.get(batch.size() - 1).position());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO projected (position, event_id) VALUES (?, ?)")) {
                for (RecordedEvent<Object> event : batch) {
                    insert.setLong(1, event.position());
                    insert.setString(2, event.eventId().toString());
                    insert.executeUpdate();
                }
            }
            Thread.sleep(3);
        }

        @Override
        public void reset(long position, Connection connection) throws Exception {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM projected WHERE position > ?")) {
                delete.setLong(1, position);
                delete.executeUpdate();
            }
        }
    }

    private static void append(Path file, String stream, int count, long pauseMillis) throws InterruptedException {
        try (SqliteBackend backend = new SqliteBackend(file)) {
            print("READY");
            for (int i = 0; i < count; i++) {
                AppendRequest request = new AppendRequest(stream, i - 1, List.of(Events.event("{\"i\":" + i + "}")), Instant.now());
                long position = backend.append(request).positions().get(0);
                Instant returned = Instant.now();
                print("ACK " + position + " " + (returned.getEpochSecond() * 1_000_000_000L + returned.getNano()));
                Thread.sleep(pauseMillis);
            }
        }
        print("DONE");
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
