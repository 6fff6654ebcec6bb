package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.event;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AnnalsException;
import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults during appends: the connection dies mid-append or after the commit, PostgreSQL rejects a
 * value. In every case the caller gets a clear {@link AnnalsException}, nothing partial is stored, and
 * a retry with the same event ids ends with the events stored exactly once.
 */
class AppendFaultsTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(AppendFaultsTest.class);
    private static PostgresBackend backend;

    @BeforeAll
    static void open() throws Exception {
        backend = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=4"));
        // A value PostgreSQL refuses (SQLState class 22): the SPI's own checks let none reach the server,
        // but a constraint an operator adds, or a column type of a later schema, may refuse one.
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION " + SCHEMA + ".refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$BEGIN RAISE EXCEPTION 'type Poison refused' USING ERRCODE = '22023'; END$$");
            s.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON " + SCHEMA + ".events FOR EACH ROW "
                    + "WHEN (NEW.type = 'Poison') EXECUTE FUNCTION " + SCHEMA + ".refuse()");
        }
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void a_backend_terminated_mid_append_reports_an_unknown_outcome_stores_nothing_and_the_retry_succeeds() throws Exception {
        String stream = stream();
        AppendRequest request = append(stream, AppendRequest.NO_STREAM, events(3, "mid"));
        long headBefore = backend.headPosition();
        try (Connection holder = SERVER.connect()) {
            // Hold the append lock so that the append is caught inside its statement, then kill its session.
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            CompletableFuture<AppendResult> inFlight = CompletableFuture.supplyAsync(() -> backend.append(request));
            int pid = waitForBlockedAppend(holder);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            assertThatThrownBy(() -> inFlight.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(AppendOutcomeUnknownException.class)
                    .hasMessageContaining("outcome of the append to stream " + stream + " is unknown")
                    .hasMessageContaining("retry it with the same event ids");
            holder.rollback();
        }
        assertThat(backend.currentVersion(stream)).isEmpty();
        assertThat(backend.headPosition()).isEqualTo(headBefore);

        AppendResult retried = backend.append(request);
        assertThat(retried.duplicate()).isFalse();
        assertThat(retried.version()).isEqualTo(2);
        assertThat(backend.readStream(stream, -1, 100)).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(request));
    }

    @Test
    void a_connection_cut_after_the_commit_reports_an_unknown_outcome_and_the_retry_is_recognized() throws Exception {
        String stream = stream();
        AppendRequest request = append(stream, AppendRequest.NO_STREAM, events(2, "cut"));
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend proxied = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), SCHEMA, "poolSize=1"))) {
            proxied.append(append(stream(), AppendRequest.ANY, events(1, "warm-up")));
            proxy.cutAfterReplyTo(stream);

            assertThatThrownBy(() -> proxied.append(request)).isInstanceOf(AppendOutcomeUnknownException.class);
            assertThat(proxy.cuts()).isEqualTo(1);
            List<StoredEvent> stored = backend.readStream(stream, -1, 100);
            assertThat(stored).as("the append was committed before the reply was lost")
                    .extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(request));

            AppendResult retried = proxied.append(request);
            assertThat(retried.duplicate()).isTrue();
            assertThat(retried.version()).isEqualTo(1);
            assertThat(retried.positions()).containsExactly(stored.get(0).position(), stored.get(1).position());
        }
        assertThat(backend.readStream(stream, -1, 100)).hasSize(2);
    }

    @Test
    void a_value_postgres_rejects_is_a_clear_error_and_nothing_of_the_append_is_stored() {
        String stream = stream();
        NewEvent bad = new NewEvent(UUID.randomUUID(), "Poison", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> backend.append(append(stream, AppendRequest.NO_STREAM, List.of(event("fine"), bad))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("PostgreSQL rejected the append to stream '" + stream + "'")
                .hasMessageContaining("nothing of it was stored")
                .hasMessageContaining("type Poison refused");
        assertThat(backend.currentVersion(stream)).isEmpty();
    }

    @Test
    void a_value_postgres_rejects_in_a_multi_stream_append_stores_nothing_of_it() {
        String fine = stream();
        String faulty = stream();
        NewEvent bad = new NewEvent(UUID.randomUUID(), "Poison", 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> backend.appendAll(List.of(append(fine, AppendRequest.NO_STREAM, events(2, "fine")),
                append(faulty, AppendRequest.NO_STREAM, List.of(bad)))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("PostgreSQL rejected the multi-stream append")
                .hasMessageContaining("nothing of it was stored");
        assertThat(backend.currentVersion(fine)).isEmpty();
        assertThat(backend.currentVersion(faulty)).isEmpty();
    }

    @Test
    void a_connection_cut_before_a_multi_stream_commit_stores_nothing_and_says_so() throws Exception {
        String first = stream();
        String second = stream();
        List<AppendRequest> requests = List.of(append(first, AppendRequest.NO_STREAM, events(2, "one")),
                append(second, AppendRequest.NO_STREAM, events(1, "two")));
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend proxied = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), SCHEMA, "poolSize=1"))) {
            proxied.append(append(stream(), AppendRequest.ANY, events(1, "warm-up")));
            proxy.cutAfterReplyTo(second);

            assertThatThrownBy(() -> proxied.appendAll(requests)).isInstanceOf(StorageException.class)
                    .isNotInstanceOf(AppendOutcomeUnknownException.class).hasMessageContaining("nothing of it was stored");
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(backend.currentVersion(first)).isEmpty();
            assertThat(backend.currentVersion(second)).isEmpty();

            assertThat(proxied.appendAll(requests)).extracting(AppendResult::duplicate).containsExactly(false, false);
        }
        assertThat(backend.readStream(first, -1, 100)).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(requests.get(0)));
        assertThat(backend.readStream(second, -1, 100)).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(requests.get(1)));
    }

    @Test
    void a_connection_cut_after_a_multi_stream_commit_reports_an_unknown_outcome_and_the_retry_is_recognized() throws Exception {
        String first = stream();
        String second = stream();
        List<AppendRequest> requests = List.of(append(first, AppendRequest.NO_STREAM, events(2, "one")),
                append(second, AppendRequest.NO_STREAM, events(1, "two")));
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend proxied = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), SCHEMA, "poolSize=1"))) {
            proxied.append(append(stream(), AppendRequest.ANY, events(1, "warm-up")));
            proxy.cutAfterReplyToRequestAfter(second, 1);

            assertThatThrownBy(() -> proxied.appendAll(requests)).isInstanceOf(AppendOutcomeUnknownException.class)
                    .hasMessageContaining(first).hasMessageContaining("1 more");
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(backend.readStream(first, -1, 100)).as("committed before the reply was lost").hasSize(2);

            List<AppendResult> retried = proxied.appendAll(requests);
            assertThat(retried).extracting(AppendResult::duplicate).containsExactly(true, true);
        }
        assertThat(backend.readStream(first, -1, 100)).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(requests.get(0)));
        assertThat(backend.readStream(second, -1, 100)).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids(requests.get(1)));
    }

    @Test
    void an_event_over_the_size_limit_is_refused_before_anything_is_sent() {
        String stream = stream();
        try (PostgresBackend small = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1&maxEventBytes=1000"))) {
            NewEvent big = new NewEvent(UUID.randomUUID(), "Big", 1, new byte[10], new byte[1000]);
            assertThatThrownBy(() -> small.append(append(stream, AppendRequest.NO_STREAM, List.of(event("ok"), big))))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("1010 bytes").hasMessageContaining("maxEventBytes");
        }
        assertThat(backend.currentVersion(stream)).isEmpty();
    }

    @Test
    void a_rejected_append_among_concurrent_ones_fails_alone() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CyclicBarrier start = new CyclicBarrier(writers);
        try {
            for (int round = 0; round < 5; round++) {
                List<String> streams = new ArrayList<>();
                List<Future<AppendResult>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String stream = stream();
                    streams.add(stream);
                    boolean faulty = w == 0;
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        String type = faulty ? "Poison" : "Good";
                        return backend.append(append(stream, AppendRequest.NO_STREAM,
                                List.of(event("a"), new NewEvent(UUID.randomUUID(), type, 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8)))));
                    }));
                }
                assertThatThrownBy(() -> results.get(0).get(30, TimeUnit.SECONDS)).cause().isInstanceOf(InvalidArgumentException.class);
                assertThat(backend.currentVersion(streams.get(0))).isEmpty();
                for (int w = 1; w < writers; w++) {
                    assertThat(results.get(w).get(30, TimeUnit.SECONDS).version()).isEqualTo(1);
                    assertThat(backend.currentVersion(streams.get(w))).hasValue(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int waitForBlockedAppend(Connection admin) throws Exception {
        String sql = "SELECT pid FROM pg_stat_activity WHERE application_name = 'annals' AND wait_event_type = 'Lock' "
                + "AND wait_event = 'advisory' AND datname = current_database()";
        for (int i = 0; i < 500; i++) {
            try (PreparedStatement ps = admin.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the append never waited for the lock");
    }

    private static List<UUID> ids(AppendRequest request) {
        return request.events().stream().map(NewEvent::eventId).toList();
    }
}
