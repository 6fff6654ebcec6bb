package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.event;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.Capability;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A multi-stream append is one transaction: while another writer appends to one of its streams and a
 * reader follows the log, every multi-stream append is seen whole or not at all, at consecutive
 * positions, and one that conflicts leaves nothing behind.
 */
class MultiStreamAppendTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(MultiStreamAppendTest.class);
    private static PostgresBackend backend;

    @BeforeAll
    static void open() {
        backend = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=6"));
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void the_backend_declares_multi_stream_appends() {
        assertThat(backend.capabilities()).contains(Capability.MULTI_STREAM_APPEND);
    }

    @Test
    void a_multi_stream_append_that_reuses_a_stored_event_id_fails_with_the_typed_error_and_stores_nothing() {
        String holder = stream();
        NewEvent taken = event("held");
        backend.append(append(holder, AppendRequest.NO_STREAM, List.of(taken)));
        String first = stream();
        String second = stream();

        // The function is asked to probe: the id is reported, not left to the unique index, which would fail the statement.
        assertThatThrownBy(() -> backend.appendAll(List.of(
                append(first, AppendRequest.NO_STREAM, List.of(event("new"))),
                append(second, AppendRequest.NO_STREAM, List.of(event("other"), taken)))))
                .isInstanceOfSatisfying(DuplicateEventIdException.class, e -> assertThat(e.eventId()).isEqualTo(taken.eventId()))
                .hasMessageContaining(holder);
        assertThat(backend.currentVersion(first)).isEmpty();
        assertThat(backend.currentVersion(second)).isEmpty();
    }

    @Test
    void multi_stream_appends_are_all_or_nothing_while_another_writer_contends_for_one_of_their_streams() throws Exception {
        String own = stream();
        String contested = stream();
        int rounds = 60;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<Integer>> multi = pool.submit(() -> {
                List<Integer> committed = new ArrayList<>();
                try {
                    for (int i = 0; i < rounds; i++) {
                        AppendRequest first = append(own, backend.currentVersion(own).orElse(-1), List.of(event("m" + i)));
                        AppendRequest second = append(contested, backend.currentVersion(contested).orElse(-1), List.of(event("m" + i)));
                        try {
                            List<AppendResult> results = backend.appendAll(List.of(first, second));
                            assertThat(results.get(1).positions().get(0)).as("one transaction, one lock: adjacent positions")
                                    .isEqualTo(results.get(0).positions().get(0) + 1);
                            committed.add(i);
                        } catch (MultiStreamConflictException e) {
                            assertThat(e.conflicts()).extracting(EventStoreConflictException::stream).containsExactly(contested);
                        }
                    }
                } finally {
                    writing.set(false);
                }
                return committed;
            });
            Future<Integer> single = pool.submit(() -> {
                int won = 0;
                while (writing.get()) {
                    try {
                        backend.append(append(contested, backend.currentVersion(contested).orElse(-1), List.of(event("s"))));
                        won++;
                    } catch (EventStoreConflictException lost) {
                        // the multi-stream writer took this version
                    }
                    Thread.sleep(1);
                }
                return won;
            });
            Future<Integer> reader = pool.submit(() -> {
                int snapshots = 0;
                while (writing.get()) {
                    assertWhole(backend.readAll(0, 100_000), own, contested);
                    snapshots++;
                }
                return snapshots;
            });

            List<Integer> committed = multi.get(120, TimeUnit.SECONDS);
            int singles = single.get(120, TimeUnit.SECONDS);
            assertThat(reader.get(120, TimeUnit.SECONDS)).as("log snapshots checked").isPositive();

            assertThat(committed).as("multi-stream appends that committed").isNotEmpty();
            assertThat(texts(backend.readStream(own, -1, 1000))).containsExactlyElementsOf(committed.stream().map(i -> "m" + i).toList());
            List<String> contestedTexts = texts(backend.readStream(contested, -1, 1000));
            assertThat(contestedTexts.stream().filter(t -> t.startsWith("m")).toList())
                    .containsExactlyElementsOf(committed.stream().map(i -> "m" + i).toList());
            assertThat(contestedTexts).hasSize(committed.size() + singles);
        } finally {
            pool.shutdownNow();
        }
    }

    /** In one consistent view of the log, each multi-stream append has both of its events or neither. */
    private static void assertWhole(List<StoredEvent> log, String own, String contested) {
        Set<String> inOwn = new HashSet<>();
        Set<String> inContested = new HashSet<>();
        for (StoredEvent e : log) {
            if (e.stream().equals(own)) {
                inOwn.add(text(e));
            } else if (e.stream().equals(contested) && text(e).startsWith("m")) {
                inContested.add(text(e));
            }
        }
        assertThat(inContested).as("multi-stream appends seen in the log").isEqualTo(inOwn);
    }

    private static List<String> texts(List<StoredEvent> events) {
        return events.stream().map(MultiStreamAppendTest::text).toList();
    }

    private static String text(StoredEvent e) {
        String json = new String(e.payload(), StandardCharsets.UTF_8);
        return json.substring("{\"text\":\"".length(), json.length() - 2);
    }
}
