package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads many commits in one go: an ordered JetStream consumer (ephemeral, made for the read and removed
 * after it, see {@link ParkedReads}) delivers the commits on a subject filter from a sequence on, as fast as
 * the server sends them, instead of one request per commit. A consumer delivers only stored messages, in
 * sequence order.
 *
 * <p><b>Where the consumer runs.</b> nats-server 2.9 places an ephemeral consumer of a replicated stream on
 * one of the stream's peers chosen at random ({@code jsClusteredConsumerRequest}: {@code rg.setPreferred()},
 * then {@code rg.Peers = []string{rg.Preferred}} for an R1 ephemeral), and the consumer reads that peer's
 * copy of the stream, which may be behind the leader's or, after a fault, differ from it. So on a replicated
 * store a consumer is kept only when it runs on the stream's leader (asked right after it was made, up to
 * {@value #PLACEMENT_ATTEMPTS} tries); otherwise the read asks the leader for one commit at a time
 * ({@link RequestFeed}). jnats remakes an ordered consumer by itself after a missed heartbeat (a fault);
 * a consumer remade during a read may run on another peer, which delivers the same commits in the same
 * order as long as that peer's copy is the leader's. Thread-safe.
 */
final class CommitScan {

    /** Consumers made for one read before it asks the leader one commit at a time instead. */
    static final int PLACEMENT_ATTEMPTS = 3;

    private final JetStreamCalls calls;
    private final String stream;
    private final Duration timeout;
    private final boolean replicated;

    /**
     * @param stream the events stream read
     * @param replicated whether the stream has replicas: then a consumer must run on its leader
     */
    CommitScan(JetStreamCalls calls, String stream, Duration timeout, boolean replicated) {
        this.calls = calls;
        this.stream = stream;
        this.timeout = timeout;
        this.replicated = replicated;
    }

    /** The commits on {@code filter} from {@code fromSeq} on, read from the stream's leader; the caller closes the feed. */
    CommitFeed open(String filter, long fromSeq) {
        for (int attempt = 0; attempt < (replicated ? PLACEMENT_ATTEMPTS : 1); attempt++) {
            JetStreamSubscription subscription = subscribe(filter, fromSeq);
            if (!replicated || runsOnLeader(subscription)) {
                return new ConsumerFeed(subscription, filter, timeout);
            }
            new ConsumerFeed(subscription, filter, timeout).close();
        }
        return new RequestFeed(calls, stream, filter, fromSeq);
    }

    private JetStreamSubscription subscribe(String filter, long fromSeq) {
        try {
            return calls.jetStream().subscribe(filter, PushSubscribeOptions.builder()
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.ByStartSequence)
                            .startSequence(Math.max(fromSeq, 1))
                            .build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("reading the commits on " + filter + " from sequence " + fromSeq, e);
        }
    }

    /** Whether the consumer runs on the server that leads the stream now; false when either cannot be told. */
    private boolean runsOnLeader(JetStreamSubscription subscription) {
        try {
            @Nullable String consumerServer = leaderOf(subscription.getConsumerInfo().getClusterInfo());
            @Nullable String streamLeader = leaderOf(calls.info(stream).getClusterInfo());
            return consumerServer != null && Objects.equals(consumerServer, streamLeader);
        } catch (IOException | JetStreamApiException | StorageException e) {
            return false;
        }
    }

    private static @Nullable String leaderOf(@Nullable ClusterInfo cluster) {
        return cluster == null ? null : cluster.getLeader();
    }
}
