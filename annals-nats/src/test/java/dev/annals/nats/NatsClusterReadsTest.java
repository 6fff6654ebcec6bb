package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reads on a replicated store go to the stream's leader: nats-server 2.9 places an ephemeral consumer on a
 * peer chosen at random, whose copy may be behind, so a read keeps a consumer only when it runs on the leader
 * and otherwise asks the leader one commit at a time.
 */
class NatsClusterReadsTest {

    private static final int FEEDS = 12;

    @Test
    void every_feed_of_a_replicated_store_reads_on_the_leader_and_unchecked_consumers_would_not() throws Exception {
        String store = "reads" + UUID.randomUUID().toString().substring(0, 8);
        try (NatsBackend backend = NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true)) {
            for (int commit = 0; commit < 5; commit++) {
                backend.append(new AppendRequest("s", commit - 1L, List.of(new NewEvent(UUID.randomUUID(), "tested", 1, new byte[0],
                        "{}".getBytes(StandardCharsets.UTF_8))), Instant.now()));
            }
            var jsm = backend.connection().jetStreamManagement();
            String events = backend.layout().eventsStream();
            String leader = TestCluster.leader(jsm, events, Duration.ofSeconds(30));
            JetStreamCalls calls = new JetStreamCalls(backend.connection().jetStream(), jsm);
            long lastSeq = jsm.getStreamInfo(events).getStreamState().getLastSequence();

            CommitScan checked = new CommitScan(calls, events, Duration.ofSeconds(5), true);
            for (int i = 0; i < FEEDS; i++) {
                try (CommitFeed feed = checked.open(backend.layout().allEventSubjects(), 1)) {
                    if (feed instanceof ConsumerFeed consumer) {
                        assertThat(consumer.subscription().getConsumerInfo().getClusterInfo().getLeader()).isEqualTo(leader);
                    } else {
                        assertThat(feed).isInstanceOf(RequestFeed.class);
                    }
                    List<Long> read = new ArrayList<>();
                    feed.readUpTo(lastSeq, commit -> read.add(commit.seq()));
                    assertThat(read).hasSize(5).last().isEqualTo(lastSeq);
                }
            }

            CommitScan unchecked = new CommitScan(calls, events, Duration.ofSeconds(5), false);
            List<String> servers = new ArrayList<>();
            for (int i = 0; i < FEEDS; i++) {
                try (CommitFeed feed = unchecked.open(backend.layout().allEventSubjects(), 1)) {
                    servers.add(((ConsumerFeed) feed).subscription().getConsumerInfo().getClusterInfo().getLeader());
                }
            }
            assertThat(servers).as("where unchecked consumers ran (each on a peer chosen at random)").anyMatch(s -> !s.equals(leader));
        }
    }
}
