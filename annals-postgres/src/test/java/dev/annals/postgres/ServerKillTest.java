package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PostgreSQL server of the test's own is SIGKILLed (the postmaster and all its backends at once) at
 * random moments while 4 writers append under W3-style load and a reader tails {@code readAll}, then
 * restarted on the same data directory. After each restart, through the same store (its pool must
 * recover by itself): every acknowledged append is present exactly once, at the position and version
 * it was acknowledged with; no append is partly stored; the global log is in order and no position
 * the tail saw holds another event. Appends whose outcome was unknown are retried with their ids until
 * decided; the count of each outcome is printed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServerKillTest {

    private static final int KILLS = 10;
    private static final int WRITERS = 4;
    private static final int AGGREGATES_PER_WRITER = 200;
    private static final Pattern PAYLOAD = Pattern.compile("\\{\"append\":\"([0-9a-f-]+)\",\"i\":(\\d+),\"n\":(\\d+)}");

    @Test
    void acknowledged_appends_survive_random_server_kills_exactly_once_and_the_pool_recovers() throws Exception {
        try (CrashableServer server = CrashableServer.start(true)) {
            assertThat(server.synchronousCommit()).isEqualTo("on");
            KillRun run = new KillRun(server, "synchronous_commit=on");
            for (int kill = 1; kill <= KILLS; kill++) {
                LogSummary after = run.killAndCheck();
                assertThat(after.lost()).as("acknowledged events lost by kill %d", kill).isEmpty();
                assertThat(after.vanished()).as("events read by the tail, then lost by kill %d", kill).isEmpty();
            }
            LogSummary end = run.finish();
            assertThat(end.lost()).isEmpty();
            assertThat(end.unacknowledged()).as("stored events no writer was told about").isEmpty();
            run.report(end);
            assertThat(run.sum(w -> w.conflicts.get())).as("conflicts on a writer's own aggregates").isZero();
            assertThat(run.sum(w -> w.falseNothingStored.get())).as("failures that claimed nothing was stored but had stored").isZero();
            assertThat(run.tail.violations()).as("the tail saw the log out of order or a position reused").isEmpty();
            assertThat(run.sum(w -> w.failedNothingStored.get() + w.unknown.get())).as("the kills interrupted appends").isPositive();
        }
    }

    /**
     * The same check on a server that acknowledges commits before they are durable
     * ({@code synchronous_commit=off}, the embedded server's own default): it must see acknowledged
     * appends lost. This is what shows that the test above can fail.
     */
    @Test
    void the_same_kills_lose_acknowledged_appends_when_commits_are_not_durable() throws Exception {
        try (CrashableServer server = CrashableServer.start(false)) {
            assertThat(server.synchronousCommit()).isEqualTo("off");
            KillRun run = new KillRun(server, "synchronous_commit=off");
            List<CrashLoadWriter.Ack> lost = List.of();
            int kills = 0;
            while (lost.isEmpty() && kills < 8) {
                kills++;
                lost = run.killAndCheck().lost();
            }
            run.stopWriters();
            System.out.printf("ServerKillTest [synchronous_commit=off]: %d kill(s) until acknowledged events were lost: "
                    + "%d acknowledged events lost, first %s%n", kills, lost.size(), lost.isEmpty() ? "-" : lost.get(0));
            assertThat(lost).as("acknowledged events lost with synchronous_commit=off").isNotEmpty();
        }
    }

    /** The writers and the tail on one store, and the kills of its server. */
    private static final class KillRun {

        private final CrashableServer server;
        private final String label;
        private final Random random;
        private final Map<UUID, CrashLoadWriter.Ack> acknowledged = new ConcurrentHashMap<>();
        private final PostgresBackend backend;
        private final List<CrashLoadWriter> writers = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final LogTail tail;
        private final Thread tailThread;
        private int kills;

        KillRun(CrashableServer server, String label) {
            this.server = server;
            this.label = label;
            long seed = System.nanoTime();
            this.random = new Random(seed);
            System.out.println("ServerKillTest [" + label + "] seed " + seed);
            this.backend = new PostgresBackend("postgresql://localhost:" + server.port() + "/postgres?user=postgres&schema=kills&poolSize=6");
            backend.headPosition(); // the schema exists before the load starts
            for (int w = 0; w < WRITERS; w++) {
                CrashLoadWriter writer = new CrashLoadWriter(backend, "w" + w + "-agg", AGGREGATES_PER_WRITER, acknowledged);
                writers.add(writer);
                threads.add(new Thread(writer, "writer-" + w));
            }
            this.tail = new LogTail(backend);
            this.tailThread = new Thread(tail, "tail");
            // daemons: a failed check must not leave the test JVM waiting for them
            threads.forEach(t -> t.setDaemon(true));
            tailThread.setDaemon(true);
            threads.forEach(Thread::start);
            tailThread.start();
        }

        /** Lets every writer append, kills the server at a random moment, restarts it and checks the log. */
        LogSummary killAndCheck() throws Exception {
            awaitProgress(writers, 20); // every writer appends on the (recovered) pool before the next kill
            Thread.sleep(100 + random.nextInt(500));
            server.kill();
            kills++;
            server.restart();
            awaitProgress(writers, 1);
            return checkLog(backend, Map.copyOf(acknowledged), tail.seen());
        }

        void stopWriters() throws InterruptedException {
            writers.forEach(CrashLoadWriter::stop);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as("%s decided its last append", thread.getName()).isFalse();
            }
            tail.catchUpAndStop(0);
            tailThread.join(TimeUnit.SECONDS.toMillis(60));
            backend.close();
        }

        /** Stops the writers once their appends are decided, lets the tail catch up, and checks the whole log. */
        LogSummary finish() throws InterruptedException {
            writers.forEach(CrashLoadWriter::stop);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as("%s decided its last append", thread.getName()).isFalse();
            }
            tail.catchUpAndStop(backend.headPosition());
            tailThread.join(TimeUnit.SECONDS.toMillis(60));
            LogSummary summary = checkLog(backend, Map.copyOf(acknowledged), tail.seen());
            backend.close();
            return summary;
        }

        void report(LogSummary end) {
            int first = sum(w -> w.storedFirstTime.get());
            int foundStored = sum(w -> w.retryFoundStored.get());
            int storedByRetry = sum(w -> w.retryStored.get());
            System.out.printf("ServerKillTest [%s]: %d kills; %d appends (%d events) acknowledged: %d at the first attempt, "
                            + "%d by a retry that found them already stored, %d stored by a retry; %d attempts failed with nothing stored, "
                            + "%d attempts had an unknown outcome; %d conflicts; %d failures that claimed nothing stored but had stored; "
                            + "positions skipped by crashes: %d; the tail read %d events (%d read errors); acknowledged events lost: %d%n",
                    label, kills, first + foundStored + storedByRetry, end.events(), first, foundStored, storedByRetry,
                    sum(w -> w.failedNothingStored.get()), sum(w -> w.unknown.get()), sum(w -> w.conflicts.get()),
                    sum(w -> w.falseNothingStored.get()), end.gaps(), tail.seen().size(), tail.errors(), end.lost().size());
        }

        int sum(ToIntFunction<CrashLoadWriter> counter) {
            return writers.stream().mapToInt(counter).sum();
        }
    }

    /** Waits until every writer has decided {@code appends} more appends. */
    private static void awaitProgress(List<CrashLoadWriter> writers, int appends) throws InterruptedException {
        int[] from = writers.stream().mapToInt(w -> w.decided.get()).toArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < writers.size(); w++) {
            while (writers.get(w).decided.get() < from[w] + appends) {
                assertThat(System.nanoTime()).as("writer %d appends again after the restart", w).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    /**
     * @param lost acknowledged events missing from the log
     * @param unacknowledged events of the log that no writer was told about (none once every append is decided)
     * @param vanished events the tail read that the log no longer holds
     */
    private record LogSummary(int events, int gaps, List<CrashLoadWriter.Ack> lost, Set<UUID> unacknowledged, List<UUID> vanished) {
    }

    /**
     * Reads the whole log through {@code backend} and checks it against what was acknowledged before the
     * read began and what the tail saw. A log out of order, an event stored twice, a partial append, an
     * event elsewhere than acknowledged or a position reused fails at once; lost events are returned.
     */
    private static LogSummary checkLog(PostgresBackend backend, Map<UUID, CrashLoadWriter.Ack> acknowledged, Map<Long, UUID> tailSeen) {
        List<StoredEvent> log = new ArrayList<>();
        for (long after = 0; ; ) {
            List<StoredEvent> page = backend.readAll(after, 2000);
            if (page.isEmpty()) {
                break;
            }
            log.addAll(page);
            after = page.get(page.size() - 1).position();
        }
        Map<UUID, StoredEvent> byId = new HashMap<>();
        Map<String, Integer> eventsOfAppend = new HashMap<>();
        Map<String, Integer> sizeOfAppend = new HashMap<>();
        long previous = 0;
        int gaps = 0;
        for (StoredEvent event : log) {
            assertThat(event.position()).as("the global log is in order").isGreaterThan(previous);
            gaps += event.position() == previous + 1 ? 0 : 1;
            previous = event.position();
            assertThat(byId.put(event.eventId(), event)).as("event %s stored once", event.eventId()).isNull();
            Matcher payload = PAYLOAD.matcher(new String(event.payload(), StandardCharsets.UTF_8));
            assertThat(payload.matches()).as("payload of %s", event.eventId()).isTrue();
            eventsOfAppend.merge(payload.group(1), 1, Integer::sum);
            sizeOfAppend.put(payload.group(1), Integer.parseInt(payload.group(3)));
        }
        eventsOfAppend.forEach((append, count) ->
                assertThat(count).as("events of append %s (no partial append)", append).isEqualTo(sizeOfAppend.get(append)));
        List<CrashLoadWriter.Ack> lost = new ArrayList<>();
        acknowledged.forEach((id, ack) -> {
            StoredEvent stored = byId.get(id);
            if (stored == null) {
                lost.add(ack);
                return;
            }
            assertThat(stored.position()).as("position of %s", id).isEqualTo(ack.position());
            assertThat(stored.stream()).isEqualTo(ack.stream());
            assertThat(stored.version()).as("version of %s", id).isEqualTo(ack.version());
        });
        long head = previous;
        List<UUID> vanished = new ArrayList<>();
        tailSeen.forEach((position, id) -> {
            StoredEvent stored = byId.get(id);
            if (stored == null) {
                vanished.add(id);
            } else if (position <= head) {
                assertThat(stored.position()).as("position %d holds the event the tail read there", position).isEqualTo(position);
            }
        });
        Set<UUID> unacknowledged = new HashSet<>(byId.keySet());
        unacknowledged.removeAll(acknowledged.keySet());
        return new LogSummary(log.size(), gaps, lost, unacknowledged, vanished);
    }

    /** Tails {@code readAll} through kills and restarts, remembering which event it read at each position. */
    private static final class LogTail implements Runnable {

        private final PostgresBackend backend;
        private final Map<Long, UUID> seen = new ConcurrentHashMap<>();
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private volatile long stopAt = Long.MAX_VALUE;
        private final AtomicInteger errors = new AtomicInteger();
        private long after;

        LogTail(PostgresBackend backend) {
            this.backend = backend;
        }

        @Override
        public void run() {
            while (after < stopAt) {
                try {
                    List<StoredEvent> page = backend.readAll(after, 500);
                    for (StoredEvent event : page) {
                        if (event.position() <= after) {
                            violations.add("position " + event.position() + " read after " + after);
                        }
                        UUID before = seen.putIfAbsent(event.position(), event.eventId());
                        if (before != null && !before.equals(event.eventId())) {
                            violations.add("position " + event.position() + " held " + before + ", then " + event.eventId());
                        }
                        after = Math.max(after, event.position());
                    }
                    if (page.isEmpty()) {
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    errors.incrementAndGet(); // the server is down: try again
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        void catchUpAndStop(long head) {
            stopAt = head;
        }

        Map<Long, UUID> seen() {
            return Map.copyOf(seen);
        }

        List<String> violations() {
            return List.copyOf(violations);
        }

        int errors() {
            return errors.get();
        }
    }
}
