package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.api.ClusterInfo;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a consumer of a replicated stream only when it runs on the stream's leader. nats-server 2.9 places
 * an ephemeral consumer on one of the stream's peers chosen at random ({@code jsClusteredConsumerRequest}:
 * {@code rg.setPreferred()}, then {@code rg.Peers = []string{rg.Preferred}} for an R1 ephemeral), and the
 * consumer reads that peer's copy of the stream, which may be behind the leader's or, after a fault, differ
 * from it. So a consumer is asked where it runs right after it was made, and made again when that is not the
 * leader. jnats remakes an ordered consumer by itself after a missed heartbeat (a fault); a consumer remade
 * so may run on another peer, which delivers the same commits in the same order as long as that peer's copy
 * is the leader's. Thread-safe.
 */
final class LeaderPlacement {

    private final JetStreamCalls calls;
    private final String stream;

    /** @param stream the stream the consumers read */
    LeaderPlacement(JetStreamCalls calls, String stream) {
        this.calls = calls;
        this.stream = stream;
    }

    /**
     * Makes a consumer with {@code subscribe} until one runs on the stream's leader, at most {@code attempts}
     * times, removing each that does not with {@code remove}; null when none did (all were removed).
     */
    @Nullable JetStreamSubscription subscribeOnLeader(int attempts, Supplier<JetStreamSubscription> subscribe,
            Consumer<JetStreamSubscription> remove) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            JetStreamSubscription subscription = subscribe.get();
            if (runsOnLeader(subscription)) {
                return subscription;
            }
            remove.accept(subscription);
        }
        return null;
    }

    /** Whether the consumer runs on the server that leads the stream now; false when either cannot be told. */
    boolean runsOnLeader(JetStreamSubscription subscription) {
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
