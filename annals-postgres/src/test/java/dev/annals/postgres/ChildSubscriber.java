package dev.annals.postgres;

import dev.annals.Annals;
import dev.annals.RecordedEvent;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.Projection;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

/**
 * The program run in a child JVM by {@link SubscriptionProcessTest}; it prints one line per step,
 * flushed at once, so the test sees what it did up to the moment it was killed or paused.
 *
 * <p>Modes (first argument), then the store's URL:
 * <ul>
 *   <li>{@code follow URL NAME LEASE_MS}: runs subscription NAME over the whole log, printing
 *       {@code HANDLED position} per event, until killed;</li>
 *   <li>{@code stale URL NAME LEASE_MS}: holds NAME's lease through the storage role and works in
 *       500 ms steps, each {@code WORKING i}, then writes checkpoint {@code i} with its token; when a write
 *       is refused it prints {@code LEASE_LOST}, the exception and the stored checkpoint, and exits;</li>
 *   <li>{@code project URL NAME TABLE}: runs projection NAME, one row per event in TABLE in the
 *       checkpoint's transaction, printing {@code APPLYING last} per batch, and {@code DONE} once caught up.</li>
 * </ul>
 */
public final class ChildSubscriber {

    private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.UTF_8);

    private ChildSubscriber() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        switch (args[0]) {
            case "follow" -> follow(url, args[2], Duration.ofMillis(Long.parseLong(args[3])));
            case "stale" -> stale(url, args[2], Duration.ofMillis(Long.parseLong(args[3])));
            case "project" -> project(url, args[2], args[3]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void follow(String url, String name, Duration lease) throws InterruptedException {
        Annals annals = Annals.open(url);
        annals.subscribe(name, SubscriptionOptions.startAt(Start.beginning()).batchSize(5).lease(lease), (batch, context) -> {
            for (RecordedEvent<Object> event : batch) {
                print("HANDLED " + event.position());
            }
            Thread.sleep(10);
        });
        print("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void stale(String url, String name, Duration lease) throws InterruptedException {
        try (PostgresBackend backend = new PostgresBackend(url)) {
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

    private static void project(String url, String name, String table) throws InterruptedException {
        try (Annals annals = Annals.open(url)) {
            Subscription sub = annals.project(name, SubscriptionOptions.startAt(Start.beginning()).batchSize(10)
                    .lease(Duration.ofMillis(500)), new RowPerEvent(table));
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
        private final String table;

        RowPerEvent(String table) {
            this.table = table;
        }

        @Override
        public void apply(List<RecordedEvent<Object>> batch, Connection connection) throws Exception {
            print("APPLYING " + batch.get(batch.size() - 1).position());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (position, event_id) VALUES (?, ?)")) {
                for (RecordedEvent<Object> event : batch) {
                    insert.setLong(1, event.position());
                    insert.setObject(2, event.eventId());
                    insert.executeUpdate();
                }
            }
            Thread.sleep(3);
        }

        @Override
        public void reset(long position, Connection connection) throws Exception {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE position > ?")) {
                delete.setLong(1, position);
                delete.executeUpdate();
            }
        }
    }

    private static void print(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
