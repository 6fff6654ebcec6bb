package dev.annals.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.EventStore;
import dev.annals.InvalidArgumentException;
import dev.annals.RecordedEvent;
import dev.annals.subscription.Projection;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ManagedSubscriptionTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();

    private ApplicationContextRunner contexts(Class<?> subscriptions) {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AnnalsAutoConfiguration.class))
                .withPropertyValues("annals.url=sqlite:" + dir.resolve("annals.db"))
                .withBean(Probe.class, () -> probe).withUserConfiguration(subscriptions);
    }

    @Test
    void a_subscription_bean_starts_with_the_context_and_stops_with_it() {
        ManagedSubscription[] bean = new ManagedSubscription[1];
        contexts(Recording.class).run(context -> {
            bean[0] = context.getBean(ManagedSubscription.class);
            assertThat(bean[0].isRunning()).isTrue();
            assertThat(bean[0].awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            context.getBean(Annals.class).eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                    List.of(new NoteEvent.Written("live")));
            waitUntil(() -> probe.seen.size() == 1);
            assertThat(probe.seen).containsExactly(new NoteEvent.Written("live"));
        });
        assertThat(bean[0].isRunning()).isFalse();
        assertThat(bean[0].status()).isEmpty();
    }

    @Test
    void closing_the_context_lets_the_batch_in_the_handler_finish_and_stores_its_checkpoint() {
        long[] last = new long[1];
        contexts(Slow.class).run(context -> {
            AppendResult written = context.getBean(Annals.class).eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(),
                    EventStore.NO_STREAM, List.of(new NoteEvent.Written("a"), new NoteEvent.Written("b"), new NoteEvent.Written("c")));
            last[0] = written.positions().get(written.positions().size() - 1);
            assertThat(probe.entered.await(30, TimeUnit.SECONDS)).isTrue();
            context.close();
        });
        assertThat(probe.interrupted).as("the handler was interrupted").isFalse();
        assertThat(probe.finished).as("the batch finished").isTrue();
        try (Annals reopened = Annals.open("sqlite:" + dir.resolve("annals.db"))) {
            assertThat(reopened.subscriptions().list()).singleElement().extracting(SubscriptionRecord::checkpoint).isEqualTo(last[0]);
        }
    }

    @Test
    void a_projection_bean_writes_its_read_model_with_its_checkpoint() {
        contexts(Counting.class).run(context -> {
            Annals annals = context.getBean(Annals.class);
            annals.eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                    List.of(new NoteEvent.Written("a"), new NoteEvent.Written("b")));
            waitUntil(() -> annals.subscriptions().readModel(NoteCount::count) == 2);
        });
    }

    @Test
    void bad_arguments_are_refused_when_the_bean_is_made() {
        try (Annals annals = Annals.open("memory:")) {
            assertThatThrownBy(() -> ManagedSubscription.subscribe(annals, null, SubscriptionOptions.defaults(), (b, c) -> { }))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("subscription name");
            assertThatThrownBy(() -> ManagedSubscription.subscribe(annals, "x", SubscriptionOptions.defaults(), null))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("handler");
            assertThatThrownBy(() -> ManagedSubscription.project(annals, "x", null, new NoteCount()))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("options");
        }
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** What the handlers of a test saw and did. */
    static final class Probe {
        final List<Object> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean interrupted = new AtomicBoolean();
    }

    @Configuration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        ManagedSubscription notes(Annals annals, Probe probe) {
            return ManagedSubscription.subscribe(annals, "notes", SubscriptionOptions.defaults().categories(NoteEvent.NOTES),
                    (batch, context) -> batch.forEach(event -> probe.seen.add(event.event())));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Slow {
        @Bean
        ManagedSubscription slow(Annals annals, Probe probe) {
            return ManagedSubscription.subscribe(annals, "slow", SubscriptionOptions.defaults().categories(NoteEvent.NOTES),
                    (batch, context) -> {
                        probe.entered.countDown();
                        try {
                            Thread.sleep(1_000); // at work (a call to another service, say) when the application stops
                        } catch (InterruptedException e) {
                            probe.interrupted.set(true);
                            throw e;
                        }
                        probe.finished.set(true);
                    });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        ManagedSubscription noteCount(Annals annals) {
            return ManagedSubscription.project(annals, "note-count", SubscriptionOptions.defaults().categories(NoteEvent.NOTES),
                    new NoteCount());
        }
    }

    /** A projection counting the notes in a table of the store's own database. */
    static final class NoteCount implements Projection {

        @Override
        public void apply(List<RecordedEvent<Object>> batch, Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS note_count (n INTEGER NOT NULL)");
                s.execute("INSERT INTO note_count VALUES (" + batch.size() + ")");
            }
        }

        @Override
        public void reset(long position, Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("DELETE FROM note_count");
            }
        }

        /** The notes counted; 0 before the first batch made the table (read-model connections only read). */
        static long count(Connection connection) throws SQLException {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, "note_count", null)) {
                if (!tables.next()) {
                    return 0;
                }
            }
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery("SELECT coalesce(sum(n), 0) FROM note_count")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
