package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static dev.annals.postgres.Waits.waitFor;
import static dev.annals.postgres.Waits.waitForAppendWaitingForTheLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.StoredEvent;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A group-commit batch is one call of {@code append_batch}, which inserts the events of all its appends with one
 * statement at the end. Appends of one batch to the same stream must still be decided one after the other, each
 * against the stream as the appends before it left it, exactly as if each had run alone: the second sees the
 * first's events although none is inserted yet when it is checked.
 */
@Timeout(120)
class OneStreamInBatchTest {

    private static final Executor OWN_THREAD = OwnThreads.named("one-stream-batch-test");

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(OneStreamInBatchTest.class);
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
    void an_append_in_a_batch_continues_the_stream_an_earlier_append_of_the_batch_wrote() throws Exception {
        String stream = stream();
        String other = stream();
        List<AppendResult> results = inOneBatch(List.of(
                append(stream, AppendRequest.NO_STREAM, events(2, "a")),
                append(other, AppendRequest.NO_STREAM, events(1, "o")),
                append(stream, 1, events(1, "b")))).stream().map(OneStreamInBatchTest::get).toList();

        assertThat(results).extracting(AppendResult::version).containsExactly(1L, 0L, 2L);
        // One batch: its positions are consecutive, in the order of its appends.
        long p = results.get(0).positions().get(0);
        assertThat(results).extracting(AppendResult::positions)
                .containsExactly(List.of(p, p + 1), List.of(p + 2), List.of(p + 3));
        assertThat(backend.readStream(stream, -1, 10)).extracting(StoredEvent::version, StoredEvent::position)
                .containsExactly(Tuple.tuple(0L, p), Tuple.tuple(1L, p + 1), Tuple.tuple(2L, p + 3));
    }

    @Test
    void an_append_in_a_batch_that_expects_the_stream_as_it_was_before_an_earlier_append_of_the_batch_conflicts() throws Exception {
        String stream = stream();
        List<CompletableFuture<AppendResult>> results = inOneBatch(List.of(
                append(stream, AppendRequest.NO_STREAM, events(2, "a")),
                append(stream, AppendRequest.NO_STREAM, events(1, "c")),
                append(stream, AppendRequest.ANY, events(1, "d"))));

        assertThat(get(results.get(0)).version()).isEqualTo(1);
        assertThatThrownBy(() -> results.get(1).get(60, TimeUnit.SECONDS)).cause().isInstanceOf(EventStoreConflictException.class);
        assertThat(get(results.get(2)).version()).isEqualTo(2);
        assertThat(backend.readStream(stream, -1, 10)).extracting(StoredEvent::version).containsExactly(0L, 1L, 2L);
    }

    /** Runs {@code appends} in one batch: they queue, in order, while the batch ahead of them waits for the append lock. */
    private static List<CompletableFuture<AppendResult>> inOneBatch(List<AppendRequest> appends) throws Exception {
        List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
        CompletableFuture<AppendResult> blocked;
        try (Connection lock = SERVER.connect()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            blocked = CompletableFuture.supplyAsync(() -> backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "x"))), OWN_THREAD);
            waitForAppendWaitingForTheLock(SERVER);
            for (AppendRequest next : appends) {
                int before = queued.size();
                queued.add(CompletableFuture.supplyAsync(() -> backend.append(next), OWN_THREAD));
                waitFor(() -> backend.queuedAppends() == before + 1, "append " + (before + 1) + " queued behind the blocked one");
            }
            lock.rollback();
        }
        assertThat(get(blocked).version()).isZero();
        return queued;
    }

    private static AppendResult get(CompletableFuture<AppendResult> result) {
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
