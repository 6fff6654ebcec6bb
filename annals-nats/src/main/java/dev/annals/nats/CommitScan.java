package dev.annals.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads many commits in one go: an ordered JetStream consumer (ephemeral, made for the read and removed
 * after it, see {@link ParkedReads}) delivers the commits on a subject filter from a sequence on, as fast as
 * the server sends them, instead of one request per commit. A consumer delivers only stored messages, in
 * sequence order.
 *
 * <p>On a replicated store a consumer is kept only when it runs on the stream's leader ({@link LeaderPlacement},
 * up to {@value #PLACEMENT_ATTEMPTS} tries); otherwise the read asks the leader for one commit at a time
 * ({@link RequestFeed}). Thread-safe.
 */
final class CommitScan {

    /** Consumers made for one read before it asks the leader one commit at a time instead. */
    static final int PLACEMENT_ATTEMPTS = 3;

    private final JetStreamCalls calls;
    private final String stream;
    private final Duration timeout;
    private final boolean replicated;
    private final LeaderPlacement placement;

    /**
     * @param stream the events stream read
     * @param replicated whether the stream has replicas: then a consumer must run on its leader
     */
    CommitScan(JetStreamCalls calls, String stream, Duration timeout, boolean replicated) {
        this.calls = calls;
        this.stream = stream;
        this.timeout = timeout;
        this.replicated = replicated;
        this.placement = new LeaderPlacement(calls, stream);
    }

    /** The commits on {@code filter} from {@code fromSeq} on, read from the stream's leader; the caller closes the feed. */
    CommitFeed open(String filter, long fromSeq) {
        if (!replicated) {
            return new ConsumerFeed(subscribe(filter, fromSeq), filter, timeout);
        }
        JetStreamSubscription onLeader = placement.subscribeOnLeader(PLACEMENT_ATTEMPTS, () -> subscribe(filter, fromSeq),
                subscription -> new ConsumerFeed(subscription, filter, timeout).close());
        return onLeader != null ? new ConsumerFeed(onLeader, filter, timeout) : new RequestFeed(calls, stream, filter, fromSeq);
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
}
