package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The append signal of a replicated store listens on the stream's leader: nats-server 2.9 places its
 * ephemeral consumer on a peer chosen at random, whose copy may lag, so the signal makes it again until it
 * runs on the leader ({@value AppendSignal#PLACEMENT_ATTEMPTS} tries, the last kept wherever it runs).
 */
class NatsClusterAppendSignalTest {

    private static final int SIGNALS = 20;
    /**
     * Signals allowed away from the leader. With the check each is away with a chance of (2/3)^10, so more
     * than this many fail with a chance near 2 × 10^-5; without it each is away with a chance of 2/3, and
     * this few would be away with a chance near 2 × 10^-5 as well.
     */
    private static final int AWAY_AT_MOST = 4;

    @Test
    void the_signal_of_a_replicated_store_listens_on_the_leader_and_unchecked_signals_would_not() throws Exception {
        String store = "signal" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            append(backend, -1);
            var jsm = backend.connection().jetStreamManagement();
            String events = backend.layout().eventsStream();
            String leader = TestCluster.leader(jsm, events, Duration.ofSeconds(30));
            JetStreamCalls calls = new JetStreamCalls(backend.connection().jetStream(), jsm);

            List<String> checked = new ArrayList<>();
            for (int i = 0; i < SIGNALS; i++) {
                try (AppendSignal signal = new AppendSignal(backend.connection(), calls, events, backend.layout().allEventSubjects(),
                        true, backend.reads()::headPosition)) {
                    checked.add(startedOn(signal, backend));
                    if (i == 0) {
                        long head = backend.reads().headPosition();
                        append(backend, 0);
                        long start = System.nanoTime();
                        signal.await(head, Duration.ofSeconds(10));
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by the append").isLessThan(Duration.ofSeconds(5));
                    }
                }
            }
            assertThat(checked.stream().filter(server -> !server.equals(leader)).count())
                    .as("signals away from the leader %s: %s", leader, checked).isLessThanOrEqualTo(AWAY_AT_MOST);

            List<String> unchecked = new ArrayList<>();
            for (int i = 0; i < SIGNALS; i++) {
                try (AppendSignal signal = new AppendSignal(backend.connection(), calls, events, backend.layout().allEventSubjects(),
                        false, backend.reads()::headPosition)) {
                    unchecked.add(startedOn(signal, backend));
                }
            }
            assertThat(unchecked).as("where unchecked signals listened (each on a peer chosen at random)").anyMatch(s -> !s.equals(leader));
        }
    }

    @Test
    void after_the_leader_steps_down_a_wait_makes_the_consumer_again_on_the_new_leader_and_one_not_checking_stays() throws Exception {
        String store = "moved" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            append(backend, -1);
            var jsm = backend.connection().jetStreamManagement();
            String events = backend.layout().eventsStream();
            JetStreamCalls calls = new JetStreamCalls(backend.connection().jetStream(), jsm);
            String leader = TestCluster.leader(jsm, events, Duration.ofSeconds(30));
            try (AppendSignal checking = onServer(leader, backend, calls, Duration.ZERO);
                    AppendSignal notChecking = onServer(leader, backend, calls, Duration.ofHours(1))) {
                var before = checking.subscription();

                TestCluster.stepDown(backend.connection(), events);
                String next = TestCluster.leader(jsm, events, Duration.ofSeconds(30));
                for (int i = 0; i < 30 && next.equals(leader); i++) {
                    TestCluster.sleep(100);
                    next = TestCluster.leader(jsm, events, Duration.ofSeconds(30));
                }
                assertThat(next).as("the new leader").isNotEqualTo(leader);

                String now = "";
                for (int wait = 0; wait < 5 && !now.equals(next); wait++) { // each wait checks, and makes it again when away
                    now = startedOn(checking, backend);
                }
                assertThat(checking.subscription()).as("made again").isNotSameAs(before);
                assertThat(now).as("where the checking signal listens").isEqualTo(next);
                assertThat(startedOn(notChecking, backend)).as("where the signal not checking listens").isEqualTo(leader);

                long head = backend.reads().headPosition();
                append(backend, 0);
                long start = System.nanoTime();
                checking.await(head, Duration.ofSeconds(10));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken by the append").isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** A started signal whose consumer runs on {@code server} (made again until it does). */
    private static AppendSignal onServer(String server, NatsBackend backend, JetStreamCalls calls, Duration placementCheck)
            throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            AppendSignal signal = new AppendSignal(backend.connection(), calls, backend.layout().eventsStream(),
                    backend.layout().allEventSubjects(), true, backend.reads()::headPosition, placementCheck);
            if (startedOn(signal, backend).equals(server)) {
                return signal;
            }
            signal.close();
        }
        throw new IllegalStateException("no signal's consumer ran on " + server + " in 20 tries");
    }

    /** Starts the signal (its first wait makes the consumer) and tells the server its consumer runs on. */
    private static String startedOn(AppendSignal signal, NatsBackend backend) throws Exception {
        signal.await(backend.reads().headPosition(), Duration.ZERO);
        return Objects.requireNonNull(Objects.requireNonNull(signal.subscription()).getConsumerInfo().getClusterInfo()).getLeader();
    }

    private static void append(NatsBackend backend, long expectedVersion) {
        backend.append(new AppendRequest("s", expectedVersion, List.of(new NewEvent(UUID.randomUUID(), "tested", 1, new byte[0],
                "{}".getBytes(StandardCharsets.UTF_8))), Instant.now()));
    }
}
