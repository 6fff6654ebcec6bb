package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
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
 * Thread-safe.
 */
final class AppendSignal implements AutoCloseable {

    private final Connection connection;
    private final JetStream js;
    private final String subjects;
    private final LongSupplier headPosition;
    private final Object monitor = new Object();
    /** Guarded by {@link #monitor}. */
    private long seenSeq;
    /** Guarded by {@link #monitor}. */
    private @Nullable Dispatcher dispatcher;

    AppendSignal(Connection connection, JetStream js, String subjects, LongSupplier headPosition) {
        this.connection = connection;
        this.js = js;
        this.subjects = subjects;
        this.headPosition = headPosition;
    }

    /** Returns once a commit after {@code afterPosition} is stored, or after {@code maxWait}. */
    void await(long afterPosition, Duration maxWait) throws InterruptedException {
        long afterSeq = Positions.seqOf(afterPosition);
        boolean started = start();
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
                js.subscribe(subjects, made, this::seen, false, PushSubscribeOptions.builder()
                        .ordered(true)
                        .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).headersOnly(true).build())
                        .build());
            } catch (IOException | JetStreamApiException e) {
                connection.closeDispatcher(made);
                throw JetStreamCalls.failed("subscribing to the commits of the store", e);
            }
            dispatcher = made;
            return true;
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
            if (dispatcher != null) {
                try {
                    connection.closeDispatcher(dispatcher);
                } catch (IllegalStateException e) {
                    throw new StorageException("Closing the append signal failed: " + e.getMessage(), e);
                }
                dispatcher = null;
            }
        }
    }
}
