package dev.annals.postgres;

import dev.annals.testkit.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.spi.NewEvent;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions across real processes on one PostgreSQL store: a child JVM holding a subscription is
 * killed with SIGKILL or paused with SIGSTOP past its lease, and a projection writing into a table of
 * the same database is killed mid-run again and again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SubscriptionProcessTest {

    private static final PgServer SERVER = PgServer.get();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private String schema;
    private String url;

    @BeforeEach
    void newSchema() {
        schema = PgServer.newSchema(SubscriptionProcessTest.class);
        url = SERVER.url(schema, "poolSize=4");
    }

    @AfterEach
    void dropSchema() {
        SERVER.dropSchema(schema);
    }

    @Test
    void a_subscription_killed_with_sigkill_is_taken_over_after_its_lease_from_its_last_checkpoint_losing_nothing() throws Exception {
        try (Annals annals = Annals.open(url)) {
            List<Long> written = appendEvents(annals, 400);
            List<Long> byChild;
            try (ChildJvm child = ChildJvm.start(ChildSubscriber.class, dir.resolve("child.err"), "follow", url, "orders", "1000")) {
                waitUntil(() -> child.linesAfter("HANDLED ").size() >= 60, "the child to handle some events", child);
                child.kill();
                byChild = child.linesAfter("HANDLED ").stream().map(Long::parseLong).toList();
            }
            SubscriptionStorage storage = annals.backend().subscriptionStorage().orElseThrow();
            long lastCheckpoint = storage.checkpoint("orders", 0).orElseThrow().position();
            assertThat(lastCheckpoint).as("the child stored checkpoints before it died").isPositive().isLessThan(written.get(written.size() - 1));

            List<Long> byUs = new CopyOnWriteArrayList<>();
            long killedAt = System.nanoTime();
            try (Subscription sub = annals.subscribe("orders", SubscriptionOptions.startAt(Start.beginning()).lease(Duration.ofSeconds(1)),
                    (batch, context) -> batch.forEach(e -> byUs.add(e.position())))) {
                assertThat(sub.awaitCaughtUp(WAIT)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("taken over soon after the lease").isLessThan(WAIT);
            }

            assertThat(byUs).as("resumed right after the child's last checkpoint")
                    .containsExactlyElementsOf(written.stream().filter(p -> p > lastCheckpoint).toList());
            assertThat(byChild).as("the child handled everything up to its checkpoint")
                    .containsAll(written.stream().filter(p -> p <= lastCheckpoint).toList());
        }
    }

    @Test
    void an_instance_paused_with_sigstop_past_its_lease_cannot_write_its_stale_checkpoint_when_it_wakes_up() throws Exception {
        try (Annals annals = Annals.open(url)) {
            List<Long> written = appendEvents(annals, 20);
            try (ChildJvm child = ChildJvm.start(ChildSubscriber.class, dir.resolve("child.err"), "stale", url, "billing", "1000")) {
                child.awaitLine("SAVED ");
                child.awaitLine("WORKING 2");
                child.signal("STOP"); // between its work and its checkpoint write, holding token 1
                Thread.sleep(1500);

                List<Long> byUs = new CopyOnWriteArrayList<>();
                Subscription sub = annals.subscribe("billing", SubscriptionOptions.startAt(Start.beginning()),
                        (batch, context) -> batch.forEach(e -> byUs.add(e.position())));
                assertThat(sub.awaitCaughtUp(WAIT)).as("this instance took the expired lease over").isTrue();
                SubscriptionStorage storage = annals.backend().subscriptionStorage().orElseThrow();
                long ours = written.get(written.size() - 1);
                waitUntil(() -> storage.checkpoint("billing", 0).orElseThrow().position() == ours, "our checkpoint", child);

                child.signal("CONT");
                assertThat(child.awaitExit()).as(child.describe()).isZero();

                assertThat(child.linesAfter("SAVED ")).containsExactly("1");
                assertThat(child.awaitLine("LEASE_LOST ")).contains("LeaseLostException").contains("fencing token 1 ");
                assertThat(child.awaitLine("STORED ")).isEqualTo("STORED " + ours);
                assertThat(storage.checkpoint("billing", 0).orElseThrow().position()).isEqualTo(ours);
                assertThat(sub.status().get(0).state()).isEqualTo(SubscriptionState.LIVE);
                assertThat(byUs).as("resumed after the child's checkpoint").containsExactlyElementsOf(written.subList(1, written.size()));
                sub.close();
            }
        }
    }

    @Test
    void a_projection_killed_mid_run_again_and_again_writes_exactly_one_row_per_event() throws Exception {
        List<Long> written;
        try (Annals annals = Annals.open(url)) {
            written = appendEvents(annals, 1500);
        }
        String table = "\"" + schema + "\".projected";
        execute("CREATE TABLE " + table + " (position bigint NOT NULL, event_id uuid NOT NULL)");
        Random random = new Random();
        long rowsBefore = 0;
        for (int kill = 0; kill < 3; kill++) {
            try (ChildJvm child = ChildJvm.start(ChildSubscriber.class, dir.resolve("child-" + kill + ".err"), "project", url,
                    "read-model", table)) {
                // counted in batches, not milliseconds, so that each child is killed well before the end of the log
                // however fast this machine is: at most 30 batches of 10 each, three times, of 1,500 events
                child.awaitLines("APPLYING ", 3 + random.nextInt(28));
                Thread.sleep(random.nextInt(4)); // lands inside a batch's transaction, or its commit, or between
                child.kill();
                assertThat(child.lines()).as("killed mid-run: %s", child.describe()).doesNotContain("DONE");
            }
            long rows = query("SELECT count(*) FROM " + table);
            assertThat(rows).as("progress after kill %d", kill).isGreaterThan(rowsBefore);
            assertThat(query("SELECT count(*) - count(DISTINCT position) FROM " + table)).as("no duplicate after kill").isZero();
            rowsBefore = rows;
        }
        try (ChildJvm child = ChildJvm.start(ChildSubscriber.class, dir.resolve("child-final.err"), "project", url, "read-model", table)) {
            assertThat(child.awaitExit()).as(child.describe()).isZero();
            assertThat(child.lines()).as(child.describe()).contains("DONE");
        }

        assertThat(query("SELECT count(*) FROM " + table)).isEqualTo(written.size());
        assertThat(query("SELECT count(DISTINCT position) FROM " + table)).isEqualTo(written.size());
        assertThat(query("SELECT count(*) FROM " + table + " p JOIN \"" + schema + "\".events e ON e.position = p.position "
                + "AND e.event_id = p.event_id")).isEqualTo(written.size());
        assertThat(query("SELECT checkpoint FROM \"" + schema + "\".subscription_partitions WHERE name = 'read-model'"))
                .isEqualTo(written.get(written.size() - 1));
    }

    /** Appends {@code count} events to 10 streams in turn, 10 per append; their positions in order. */
    private static List<Long> appendEvents(Annals annals, int count) {
        List<Long> positions = new ArrayList<>();
        int perAppend = 10;
        for (int i = 0; i < count; i += perAppend) {
            String stream = "order-" + (i / perAppend % 10);
            long version = annals.backend().currentVersion(stream).orElse(-1);
            List<NewEvent> events = Events.events(Math.min(perAppend, count - i), "e" + i);
            positions.addAll(annals.backend().append(Events.append(stream, version, events)).positions());
        }
        return positions;
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long query(String sql) throws Exception {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what, ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s; child: %s", what, child.describe()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
