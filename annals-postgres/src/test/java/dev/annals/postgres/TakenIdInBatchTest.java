package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.event;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static dev.annals.postgres.Waits.waitFor;
import static dev.annals.postgres.Waits.waitForAppendWaitingForTheLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit does not probe for taken event ids under the append lock: the unique index refuses a taken id,
 * which fails the whole batch's statement. Each append must still keep its own outcome: the batch is rolled
 * back and run again one append at a time, so that only the append holding the taken id fails, with the
 * typed error naming the stream that holds it, and the others are stored.
 */
@Timeout(120)
class TakenIdInBatchTest {

    /** Each append on a thread of its own: the ones meant to queue must not wait behind the one held on purpose. */
    private static final Executor OWN_THREAD = OwnThreads.named("taken-id-test");

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(TakenIdInBatchTest.class);
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
    void an_append_with_a_taken_id_in_a_batch_fails_alone_and_the_others_of_its_batch_are_stored() throws Exception {
        String holder = stream();
        NewEvent taken = event("first");
        backend.append(append(holder, AppendRequest.NO_STREAM, List.of(taken)));
        String first = stream();
        String before = stream();
        String reusing = stream();
        String after = stream();

        CompletableFuture<AppendResult> blocked;
        List<CompletableFuture<AppendResult>> queued;
        try (Connection lock = SERVER.connect()) {
            // The first batch waits for the append lock in the server while the next three queue behind it.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LockKeys.APPEND + ", " + LockKeys.appendKey(SCHEMA) + ")");
            }
            blocked = CompletableFuture.supplyAsync(() -> backend.append(append(first, AppendRequest.NO_STREAM, events(1, "a"))), OWN_THREAD);
            waitForAppendWaitingForTheLock(SERVER);
            queued = List.of(
                    CompletableFuture.supplyAsync(() -> backend.append(append(before, AppendRequest.NO_STREAM, events(2, "b"))), OWN_THREAD),
                    CompletableFuture.supplyAsync(() -> backend.append(append(reusing, AppendRequest.NO_STREAM,
                            List.of(event("new"), taken))), OWN_THREAD),
                    CompletableFuture.supplyAsync(() -> backend.append(append(after, AppendRequest.NO_STREAM, events(1, "d"))), OWN_THREAD));
            waitFor(() -> backend.queuedAppends() == 3, "three appends queued behind the blocked one");
            lock.rollback();
        }

        assertThat(blocked.get(60, TimeUnit.SECONDS).version()).isZero();
        assertThat(queued.get(0).get(60, TimeUnit.SECONDS).version()).isEqualTo(1);
        assertThatThrownBy(() -> queued.get(1).get(60, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(taken.eventId()))
                .hasMessageContaining(holder);
        assertThat(queued.get(2).get(60, TimeUnit.SECONDS).version()).isZero();

        assertThat(backend.readStream(before, -1, 10)).hasSize(2);
        assertThat(backend.readStream(after, -1, 10)).hasSize(1);
        assertThat(backend.currentVersion(reusing)).as("nothing of the append that reused an id").isEmpty();
        assertThat(backend.readStream(holder, -1, 10)).singleElement().satisfies(e -> assertThat(e.eventId()).isEqualTo(taken.eventId()));
    }
}
