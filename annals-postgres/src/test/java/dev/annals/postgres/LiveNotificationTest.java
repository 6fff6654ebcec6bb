package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live delivery by {@code LISTEN/NOTIFY}: a notification that never comes is made up for by the
 * fallback poll, a listener whose connection is killed reconnects and delivers by notification again,
 * and a driver that never stops reading notifications does not hold up delivery.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveNotificationTest {

    private static final PgServer SERVER = PgServer.get();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private String schema;
    private PostgresBackend backend;
    private Annals annals;
    private final List<Long> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        schema = PgServer.newSchema(LiveNotificationTest.class);
        backend = new PostgresBackend(SERVER.url(schema, "poolSize=4"));
        annals = new Annals(backend);
    }

    @AfterEach
    void close() {
        annals.close();
        SERVER.dropSchema(schema);
    }

    @Test
    void await_append_returns_at_once_when_the_head_is_beyond_and_after_max_wait_when_nothing_comes() throws Exception {
        SubscriptionStorage storage = backend.subscriptionStorage().orElseThrow();
        long head = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "a"))).positions().get(0);

        long start = System.nanoTime();
        storage.awaitAppend(head - 1, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        waitUntil(() -> backend.listener().backendPid() != 0, "the listener to connect"); // which wakes every waiter
        Thread.sleep(1_200); // past the second after the head last moved, in which waiters poll every few milliseconds

        start = System.nanoTime();
        storage.awaitAppend(head, Duration.ofMillis(700));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(650), Duration.ofSeconds(5));
    }

    @Test
    void an_event_that_notifies_nobody_is_still_delivered_by_the_fallback_poll() throws Exception {
        Subscription sub = subscribe(Duration.ofMillis(300));
        assertThat(sub.awaitCaughtUp(WAIT)).isTrue();
        Thread.sleep(200); // waiting for a notification now

        long position = insertWithoutNotifying();

        waitUntil(() -> delivered.contains(position), "the silent event");
        sub.close();
    }

    @Test
    void a_killed_listener_connection_reconnects_and_live_events_arrive_by_notification_again() throws Exception {
        Subscription sub = subscribe(Duration.ofSeconds(60));
        assertThat(sub.awaitCaughtUp(WAIT)).isTrue();
        waitUntil(() -> backend.listener().backendPid() != 0, "the listener to connect");
        int killed = backend.listener().backendPid();

        terminate(killed);
        long during = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "during"))).positions().get(0);

        waitUntil(() -> delivered.contains(during), "the event appended while the listener was down");
        waitUntil(() -> backend.listener().backendPid() != 0 && backend.listener().backendPid() != killed, "the listener to reconnect");
        Thread.sleep(200);
        long start = System.nanoTime();
        long after = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "after"))).positions().get(0);
        waitUntil(() -> delivered.contains(after), "the event appended after the reconnect");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("by notification, not the 60 s poll").isLessThan(Duration.ofSeconds(5));
        sub.close();
    }

    @Test
    void a_listener_whose_driver_never_stops_reading_does_not_hold_up_a_quiet_subscriber() throws Exception {
        // The driver hands over notifications only once none arrives for a millisecond; a stream of them,
        // here one trickled through a proxy, keeps it reading for as long as the stream lasts.
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend proxied = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), schema, "poolSize=2"));
                Annals viaProxy = new Annals(proxied)) {
            proxy.trickleToConnectionsThatSend("LISTEN", TimeUnit.MICROSECONDS.toNanos(200));
            Subscription sub = viaProxy.subscribe("live", SubscriptionOptions.startAt(Start.beginning()).fallbackPoll(Duration.ofSeconds(60)),
                    (batch, context) -> batch.forEach(e -> delivered.add(e.position())));
            assertThat(sub.awaitCaughtUp(WAIT)).isTrue();
            waitUntil(() -> proxied.listener().backendPid() != 0, "the listener to connect");
            Thread.sleep(1_200); // quiet: the subscriber now waits for the doorbell alone
            notifyTimes(3_000); // about 30 s of trickling

            long start = System.nanoTime();
            long position = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "in the noise"))).positions().get(0);
            waitUntil(() -> delivered.contains(position), "the event appended while the driver reads");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not when the stream ends, nor by the 60 s poll")
                    .isLessThan(Duration.ofSeconds(5));
            sub.close();
        }
    }

    /** Notifies the store's channel {@code times} times, one transaction each. */
    private void notifyTimes(int times) throws Exception {
        String notify = "NOTIFY \"" + PostgresSchema.channel(schema) + "\", 'noise'";
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < times; i++) {
                s.execute(notify);
            }
        }
    }

    private Subscription subscribe(Duration fallbackPoll) {
        return annals.subscribe("live", SubscriptionOptions.startAt(Start.beginning()).fallbackPoll(fallbackPoll),
                (batch, context) -> batch.forEach(e -> delivered.add(e.position())));
    }

    /** Stores an event as a writer bypassing the {@code append} function would: nobody is notified. */
    private long insertWithoutNotifying() throws Exception {
        String q = "\"" + schema + "\"";
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("INSERT INTO " + q + ".events (position, stream, version, event_id, type, schema_version, "
                        + "recorded_at, recorded_ns, metadata, payload) VALUES (nextval('" + q + ".positions'), 'quiet-1', 0, "
                        + "gen_random_uuid(), 'Noted', 1, now(), 0, ''::bytea, convert_to('{\"text\":\"quiet\"}', 'UTF8')) RETURNING position")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = SERVER.connect(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the listener's session was terminated").isTrue();
            }
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
