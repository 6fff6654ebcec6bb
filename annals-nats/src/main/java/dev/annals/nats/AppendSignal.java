package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Wakes subscriptions when the log grows: an ordered JetStream consumer of the commit subjects,
 * delivering headers only and only commits stored after it was made, tells the highest commit
 * sequence seen. A consumer delivers a message once it is stored, so a reader woken by it finds the
 * commit. Made on the first wait, once per backend; the client remakes it after a reconnect.
 *
 * <p>On a replicated store the consumer is made again until it runs on the stream's leader ({@link
 * LeaderPlacement}), up to {@value #PLACEMENT_ATTEMPTS} tries, the last one kept wherever it runs: a
 * consumer on a replica that lags or is cut off wakes the waiting subscriptions late, and their fallback
 * poll stays the safety net. The leader moves (an election after a fault, a step-down) and jnats remakes an
 * ordered consumer wherever the server places it, so a wait asks again where the consumer runs once per
 * placement check ({@link #PLACEMENT_CHECK} by default) and makes it again when that is no longer the
 * leader. Thread-safe.
 */
final class AppendSignal implements AutoCloseable {

    /**
     * Consumers made at most to find one on the leader; the last is kept wherever it runs. On three peers each
     * lands on the leader with a chance of one in three, so all ten miss it with a chance of (2/3)^10, under
     * 2 %; the signal is made once per backend, so the tries cost little.
     */
    static final int PLACEMENT_ATTEMPTS = 10;
    /** How often a wait on a replicated store asks whether the consumer still runs on the leader (two requests). */
    static final Duration PLACEMENT_CHECK = Duration.ofSeconds(5);

    private final Connection connection;
    private final JetStream js;
    private final String subjects;
    private final boolean replicated;
    private final LeaderPlacement placement;
    private final LongSupplier headPosition;
    private final Duration placementCheck;
    private final Object monitor = new Object();
    /** Guarded by {@link #monitor}: when the consumer's place was last checked (made or asked), by {@link System#nanoTime()}. */
    private long placementCheckedAt;
    /** Guarded by {@link #monitor}. */
    private long seenSeq;
    /** Guarded by {@link #monitor}. */
    private @Nullable Dispatcher dispatcher;
    /** Guarded by {@link #monitor}. */
    private @Nullable JetStreamSubscription subscription;

    /**
     * @param stream the events stream
     * @param subjects the commit subjects of every stream of the store
     * @param replicated whether the stream has replicas: then the consumer should run on its leader
     * @param headPosition the position of the last event stored, asked right after the consumer was made
     */
    AppendSignal(Connection connection, JetStreamCalls calls, String stream, String subjects, boolean replicated,
            LongSupplier headPosition) {
        this(connection, calls, stream, subjects, replicated, headPosition, PLACEMENT_CHECK);
    }

    /** @param placementCheck how often a wait asks whether the consumer still runs on the leader (replicated store) */
    AppendSignal(Connection connection, JetStreamCalls calls, String stream, String subjects, boolean replicated,
            LongSupplier headPosition, Duration placementCheck) {
        this.placementCheck = placementCheck;
        this.connection = connection;
        this.js = calls.jetStream();
        this.subjects = subjects;
        this.replicated = replicated;
        this.placement = new LeaderPlacement(calls, stream);
        this.headPosition = headPosition;
    }

    /** Returns once a commit after {@code afterPosition} is stored, or after {@code maxWait}. */
    void await(long afterPosition, Duration maxWait) throws InterruptedException {
        long afterSeq = Positions.seqOf(afterPosition);
        boolean started = start() || remakeWhenAway();
        if (started && headPosition.getAsLong() > afterPosition) {
            return;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (monitor) {
            while (seenSeq <= afterSeq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Makes the consumer if there is none yet; true when it was made now (appends before it are not signalled). */
    private boolean start() {
        synchronized (monitor) {
            if (dispatcher != null) {
                return false;
            }
            Dispatcher made = connection.createDispatcher();
            try {
                JetStreamSubscription onLeader = replicated
                        ? placement.subscribeOnLeader(PLACEMENT_ATTEMPTS - 1, () -> subscribe(made), made::unsubscribe)
                        : null;
                subscription = onLeader != null ? onLeader : subscribe(made);
            } catch (RuntimeException e) {
                connection.closeDispatcher(made);
                throw e;
            }
            dispatcher = made;
            placementCheckedAt = System.nanoTime();
            return true;
        }
    }

    /**
     * On a replicated store, at most once per placement check: makes the consumer again when it no longer runs on
     * the stream's leader; true when it was made again (appends between the two consumers are not signalled).
     */
    private boolean remakeWhenAway() {
        if (!replicated) {
            return false;
        }
        JetStreamSubscription current;
        synchronized (monitor) {
            long now = System.nanoTime();
            if (subscription == null || now - placementCheckedAt < placementCheck.toNanos()) {
                return false;
            }
            placementCheckedAt = now;
            current = subscription;
        }
        if (placement.runsOnLeader(current)) { // asked outside the monitor: deliveries go on meanwhile
            return false;
        }
        synchronized (monitor) {
            if (subscription == current) {
                closeDispatcher();
            }
        }
        start();
        return true;
    }

    private JetStreamSubscription subscribe(Dispatcher on) {
        try {
            return js.subscribe(subjects, on, this::seen, false, PushSubscribeOptions.builder()
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).headersOnly(true).build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("subscribing to the commits of the store", e);
        }
    }

    /** The consumer's subscription (to ask where the consumer runs); null before the first wait and after closing. */
    @Nullable JetStreamSubscription subscription() {
        synchronized (monitor) {
            return subscription;
        }
    }

    private void seen(Message message) {
        if (!message.isJetStream()) {
            return;
        }
        long seq = message.metaData().streamSequence();
        synchronized (monitor) {
            if (seq > seenSeq) {
                seenSeq = seq;
                monitor.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        synchronized (monitor) {
            closeDispatcher();
        }
    }

    /** Guarded by {@link #monitor}. */
    private void closeDispatcher() {
        if (dispatcher != null) {
            try {
                connection.closeDispatcher(dispatcher);
            } catch (IllegalStateException e) {
                throw new StorageException("Closing the append signal failed: " + e.getMessage(), e);
            }
            dispatcher = null;
            subscription = null;
        }
    }
}
