package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static dev.annals.postgres.Waits.waitFor;
import static dev.annals.postgres.Waits.waitForAppendWaitingForTheLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No operation waits without bound: a reply that never comes, a session that holds the append lock and
 * stalls, an exhausted pool, an interrupted group-commit leader. Each test shows the appends that are not
 * at fault going on, not merely failing fast. The deadlines are small here (1–2 s) so that the tests are
 * quick; the {@code get} limits are only there so that a regression fails rather than hangs.
 */
@Timeout(120)
class DeadlinesTest {

    /** Runs each blocking call on a thread of its own (see {@link OwnThreads}). */
    private static final Executor OWN_THREAD = OwnThreads.named("deadlines-test");

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(DeadlinesTest.class);
    private static PostgresBackend backend;

    @BeforeAll
    static void open() {
        backend = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=4"));
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void the_deadlines_reach_every_pooled_session_and_the_urls_own_server_options_win() throws Exception {
        String url = SERVER.url(SCHEMA, "poolSize=1&operationTimeout=4s&options=" + "-c%20statement_timeout%3D7000%20-c%20lock_timeout%3D3000");
        try (PostgresBackend own = new PostgresBackend(url)) {
            Map<String, String> settings = own.transactionalCheckpoints().orElseThrow().query(c -> show(c,
                    "statement_timeout", "idle_in_transaction_session_timeout", "tcp_keepalives_count", "lock_timeout"));
            assertThat(settings).containsEntry("statement_timeout", "7s")
                    .containsEntry("idle_in_transaction_session_timeout", "2s")
                    .containsEntry("tcp_keepalives_count", "3")
                    .containsEntry("lock_timeout", "3s");
        }
        Map<String, String> defaults = backend.transactionalCheckpoints().orElseThrow().query(c -> show(c,
                "statement_timeout", "idle_in_transaction_session_timeout"));
        assertThat(defaults).containsEntry("statement_timeout", "30s").containsEntry("idle_in_transaction_session_timeout", "15s");
    }

    @Test
    void a_swallowed_reply_gives_an_unknown_outcome_at_the_deadline_and_the_appends_queued_behind_it_succeed() throws Exception {
        String stuckStream = stream();
        AppendRequest stuck = append(stuckStream, AppendRequest.NO_STREAM, events(2, "stuck"));
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend proxied = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), SCHEMA,
                        "poolSize=4&operationTimeout=1s"))) {
            proxied.append(append(stream(), AppendRequest.ANY, events(1, "warm-up")));
            proxy.swallowRepliesTo(stuckStream);

            CompletableFuture<AppendResult> stuckAppend = CompletableFuture.supplyAsync(() -> proxied.append(stuck), OWN_THREAD);
            waitFor(() -> proxy.swallowed() == 1, "the proxy swallowed the append's reply");
            List<String> others = new ArrayList<>();
            List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String other = stream();
                others.add(other);
                queued.add(CompletableFuture.supplyAsync(() -> proxied.append(append(other, AppendRequest.NO_STREAM, events(1, "behind"))), OWN_THREAD));
            }
            waitFor(() -> proxied.queuedAppends() == 5, "five appends queued behind the stuck one");

            assertThatThrownBy(() -> stuckAppend.get(60, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(AppendOutcomeUnknownException.class)
                    .hasMessageContaining("retry it with the same event ids")
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            for (CompletableFuture<AppendResult> behind : queued) {
                assertThat(behind.get(60, TimeUnit.SECONDS).version()).as("an append queued behind the stuck one").isZero();
            }
            for (String other : others) {
                assertThat(backend.currentVersion(other)).hasValue(0);
            }
            // The broken connection was dropped: the pool goes on with live ones only.
            for (int i = 0; i < 8; i++) {
                proxied.append(append(stream(), AppendRequest.NO_STREAM, events(1, "after")));
            }
            AppendResult retried = proxied.append(stuck);
            assertThat(retried.duplicate()).as("the server had committed the append whose reply was lost").isTrue();
            assertThat(proxy.swallowed()).isEqualTo(1);
        }
    }

    @Test
    void a_lock_holder_whose_client_vanished_is_ended_by_the_server_and_the_waiting_appends_then_succeed() throws Exception {
        String first = stream();
        String second = stream();
        try (CuttingProxy proxy = new CuttingProxy(SERVER.host, SERVER.port);
                PostgresBackend vanishing = new PostgresBackend(SERVER.url("127.0.0.1", proxy.port(), SCHEMA,
                        "poolSize=1&operationTimeout=2s"));
                PostgresBackend others = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=4&operationTimeout=4s"))) {
            vanishing.append(append(stream(), AppendRequest.ANY, events(1, "warm-up")));
            proxy.swallowRepliesTo(second);

            // The multi-stream append's explicit transaction takes the append lock, then its client hears nothing more.
            CompletableFuture<List<AppendResult>> holder = CompletableFuture.supplyAsync(() -> vanishing.appendAll(List.of(
                    append(first, AppendRequest.NO_STREAM, events(1, "one")), append(second, AppendRequest.NO_STREAM, events(1, "two")))), OWN_THREAD);
            int holderPid = waitForIdleLockHolder();

            List<String> streams = new ArrayList<>();
            List<CompletableFuture<AppendResult>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String other = stream();
                streams.add(other);
                waiting.add(CompletableFuture.supplyAsync(() -> others.append(append(other, AppendRequest.NO_STREAM, events(1, "waits"))), OWN_THREAD));
            }
            for (CompletableFuture<AppendResult> append : waiting) {
                assertThat(append.get(60, TimeUnit.SECONDS).version()).as("an append that waited for the stalled holder").isZero();
            }
            assertThat(sessionExists(holderPid)).as("the server ended the stalled session").isFalse();
            assertThatThrownBy(() -> holder.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(StorageException.class)
                    .hasMessageContaining("nothing of it was stored");
            assertThat(backend.currentVersion(first)).isEmpty();
            assertThat(backend.currentVersion(second)).isEmpty();
            for (String other : streams) {
                assertThat(backend.currentVersion(other)).hasValue(0);
            }
        }
    }

    @Test
    void appends_waiting_past_their_deadline_for_a_lock_the_server_keeps_fail_at_once_with_nothing_stored() throws Exception {
        try (Connection holder = SERVER.connect();
                PostgresBackend waiter = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=2&operationTimeout=1s"))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            List<String> streams = new ArrayList<>();
            List<CompletableFuture<AppendResult>> waiting = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String stream = stream();
                streams.add(stream);
                waiting.add(CompletableFuture.supplyAsync(() -> waiter.append(append(stream, AppendRequest.NO_STREAM, events(1, "late"))), OWN_THREAD));
            }
            for (CompletableFuture<AppendResult> append : waiting) {
                assertThatThrownBy(() -> append.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(StorageException.class)
                        .isNotInstanceOf(AppendOutcomeUnknownException.class)
                        .hasMessageContaining("nothing of it was stored (the server cancelled the statement at its deadline");
            }
            holder.rollback();
            for (String stream : streams) {
                assertThat(backend.currentVersion(stream)).isEmpty();
            }
            String after = stream();
            assertThat(waiter.append(append(after, AppendRequest.NO_STREAM, events(1, "after"))).version()).isZero();
        }
    }

    @Test
    void an_exhausted_pool_fails_an_append_at_the_connect_deadline_with_nothing_stored_and_recovers() throws Exception {
        String blocked = stream();
        String refused = stream();
        try (Connection holder = SERVER.connect();
                PostgresBackend small = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1&connectTimeout=1s"))) {
            // The pool's only connection waits inside a multi-stream append for the lock the holder keeps.
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            CompletableFuture<List<AppendResult>> occupying = CompletableFuture.supplyAsync(() -> small.appendAll(List.of(
                    append(blocked, AppendRequest.NO_STREAM, events(1, "blocked")))), OWN_THREAD);
            waitForAppendWaitingForTheLock(SERVER);

            assertThatThrownBy(() -> small.append(append(refused, AppendRequest.NO_STREAM, events(1, "refused"))))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(AppendOutcomeUnknownException.class)
                    .hasMessageContaining("nothing of it was stored").hasMessageContaining("Connection is not available");
            assertThatThrownBy(() -> small.readStream(blocked, -1, 10)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("Connection is not available");

            holder.rollback();
            assertThat(occupying.get(60, TimeUnit.SECONDS)).hasSize(1);
            assertThat(small.append(append(refused, AppendRequest.NO_STREAM, events(1, "now"))).version()).isZero();
            assertThat(small.readStream(blocked, -1, 10)).hasSize(1);
        }
    }

    @Test
    void interrupting_the_group_commit_leader_while_it_waits_for_a_connection_fails_no_append() throws Exception {
        String blocked = stream();
        try (Connection holder = SERVER.connect();
                PostgresBackend small = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1"))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            CompletableFuture<List<AppendResult>> occupying = CompletableFuture.supplyAsync(() -> small.appendAll(List.of(
                    append(blocked, AppendRequest.NO_STREAM, events(1, "blocked")))), OWN_THREAD);
            waitForAppendWaitingForTheLock(SERVER);

            String leaderStream = stream();
            CompletableFuture<Boolean> leaderKeptItsInterrupt = new CompletableFuture<>();
            CompletableFuture<AppendResult> leaderResult = new CompletableFuture<>();
            Thread leader = new Thread(() -> {
                try {
                    leaderResult.complete(small.append(append(leaderStream, AppendRequest.NO_STREAM, events(1, "leader"))));
                } catch (RuntimeException e) {
                    leaderResult.completeExceptionally(e);
                } finally {
                    leaderKeptItsInterrupt.complete(Thread.interrupted());
                }
            }, "leader");
            leader.start();
            waitFor(() -> waitsForAConnection(leader), "the leader waits for a connection");

            List<String> streams = new ArrayList<>();
            List<CompletableFuture<Boolean>> followers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String stream = stream();
                streams.add(stream);
                followers.add(CompletableFuture.supplyAsync(() -> small.append(append(stream, AppendRequest.NO_STREAM, events(1, "f")))
                        .version() == 0 && !Thread.currentThread().isInterrupted(), OWN_THREAD));
            }
            waitFor(() -> small.queuedAppends() == 3, "three appends queued behind the leader");
            leader.interrupt();
            holder.rollback();

            assertThat(occupying.get(60, TimeUnit.SECONDS)).hasSize(1);
            assertThat(leaderResult.get(60, TimeUnit.SECONDS).version()).as("the interrupted leader's own append").isZero();
            assertThat(leaderKeptItsInterrupt.get(60, TimeUnit.SECONDS)).as("the leader's interrupt is kept for it").isTrue();
            for (CompletableFuture<Boolean> follower : followers) {
                assertThat(follower.get(60, TimeUnit.SECONDS)).as("a follower's append, stored, no interrupt of its own").isTrue();
            }
            for (String stream : streams) {
                assertThat(backend.currentVersion(stream)).hasValue(0);
            }
        }
    }

    private static boolean waitsForAConnection(Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().endsWith("HikariPool") && frame.getMethodName().equals("getConnection"))
                && (thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING);
    }

    private static Map<String, String> show(Connection c, String... names) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : names) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
                rs.next();
                settings.put(name, rs.getString(1));
            }
        }
        return settings;
    }

    /** The pid of a session of this database idle in a transaction while holding an advisory lock. */
    private static int waitForIdleLockHolder() throws Exception {
        String sql = "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted "
                + "WHERE a.state = 'idle in transaction' AND a.datname = current_database() AND a.application_name = 'annals'";
        try (Connection admin = SERVER.connect()) {
            for (int i = 0; i < 1000; i++) {
                try (PreparedStatement ps = admin.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no session held the append lock idle in a transaction");
    }

    private static boolean sessionExists(int pid) throws SQLException {
        try (Connection admin = SERVER.connect();
                PreparedStatement ps = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
