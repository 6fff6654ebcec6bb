package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.StoredEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global log never skips: writers commit concurrently, some transactions are held open on purpose
 * (through the same SQL path as every append), and a reader following {@code readAll} from its
 * checkpoint ends with every event exactly once, in an order consistent with commit order.
 */
class GlobalOrderTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(GlobalOrderTest.class);
    private static PostgresBackend backend;

    @BeforeAll
    static void open() {
        backend = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=8"));
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    /** One append as the writer saw it: when it started, when its commit returned, what it got. */
    record Done(long startedAt, long committedAt, List<Long> positions, List<UUID> ids) {
    }

    @Test
    void a_reader_following_the_log_sees_every_event_once_in_commit_order_while_transactions_are_held_open() throws Exception {
        int writers = 4;
        int appendsPerWriter = 60;
        int heldTransactions = 6;
        AtomicLong clock = new AtomicLong();
        ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch writing = new CountDownLatch(writers + 1);
        try {
            Future<List<StoredEvent>> reader = pool.submit(() -> follow(writing));
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    try {
                        String stream = "order-" + writer + "-" + UUID.randomUUID();
                        for (int i = 0; i < appendsPerWriter; i++) {
                            AppendRequest request = append(stream, AppendRequest.ANY, events(1 + i % 3, "w" + writer));
                            long started = clock.incrementAndGet();
                            AppendResult result = backend.append(request);
                            done.add(new Done(started, clock.incrementAndGet(), result.positions(), ids(request)));
                        }
                    } finally {
                        writing.countDown();
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                try {
                    for (int i = 0; i < heldTransactions; i++) {
                        done.add(heldOpen("held-" + i + "-" + UUID.randomUUID(), clock));
                        Thread.sleep(20);
                    }
                } finally {
                    writing.countDown();
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            List<StoredEvent> seen = reader.get(120, TimeUnit.SECONDS);

            Set<UUID> written = new HashSet<>();
            done.forEach(d -> written.addAll(d.ids()));
            assertThat(seen).hasSize(written.size());
            assertThat(seen).extracting(StoredEvent::eventId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
            assertThat(seen).extracting(StoredEvent::position).as("positions increase").isSorted().doesNotHaveDuplicates();
            assertCommitOrder(new ArrayList<>(done));
        } finally {
            pool.shutdownNow();
        }
    }

    /** An append through the backend's own SQL, in a transaction kept open before its commit while others wait. */
    private static Done heldOpen(String stream, AtomicLong clock) throws Exception {
        AppendRequest request = append(stream, AppendRequest.NO_STREAM, events(2, "held"));
        long started = clock.incrementAndGet();
        try (Connection c = SERVER.connect()) {
            c.setAutoCommit(false);
            AppendResult result = new PostgresAppender(PostgresOptions.DEFAULTS.withSchema(SCHEMA).quotedSchema()).append(c, request);
            Thread.sleep(150);
            c.commit();
            return new Done(started, clock.incrementAndGet(), result.positions(), ids(request));
        }
    }

    /** Follows readAll from its checkpoint, in small pages, until the writers are done and the log is drained. */
    private static List<StoredEvent> follow(CountDownLatch writing) throws InterruptedException {
        List<StoredEvent> seen = new ArrayList<>();
        long checkpoint = 0;
        while (true) {
            boolean finished = writing.getCount() == 0;
            List<StoredEvent> page = backend.readAll(checkpoint, 7);
            seen.addAll(page);
            if (!page.isEmpty()) {
                checkpoint = page.get(page.size() - 1).position();
                assertThat(backend.headPosition()).as("the head covers what was read").isGreaterThanOrEqualTo(checkpoint);
            } else if (finished) {
                return seen;
            } else {
                Thread.sleep(2);
            }
        }
    }

    /** When an append's commit returned before another began, its positions are lower. */
    private static void assertCommitOrder(List<Done> appends) {
        List<Done> byCommit = new ArrayList<>(appends);
        byCommit.sort(Comparator.comparingLong(Done::committedAt));
        List<Done> byStart = new ArrayList<>(appends);
        byStart.sort(Comparator.comparingLong(Done::startedAt));
        long highestCommittedBefore = 0;
        int c = 0;
        for (Done later : byStart) {
            while (c < byCommit.size() && byCommit.get(c).committedAt() < later.startedAt()) {
                highestCommittedBefore = Math.max(highestCommittedBefore, max(byCommit.get(c).positions()));
                c++;
            }
            assertThat(later.positions().get(0)).as("an append that began after a commit follows it").isGreaterThan(highestCommittedBefore);
        }
    }

    private static long max(List<Long> positions) {
        return positions.get(positions.size() - 1);
    }

    private static List<UUID> ids(AppendRequest request) {
        return request.events().stream().map(e -> e.eventId()).toList();
    }
}
