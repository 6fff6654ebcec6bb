package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads many commits in one go: an ordered JetStream consumer (ephemeral, made for the read and removed
 * after it) delivers the commits on a subject filter from a sequence on, as fast as the server sends them,
 * instead of one request per commit. A consumer is served by the stream's leader and delivers only stored
 * messages, in sequence order. Every wait for the next commit has the store's deadline. Thread-safe.
 */
final class CommitScan {

    /** Takes commits as they come; false stops the scan. */
    @FunctionalInterface
    interface Sink {
        boolean accept(Commit commit);
    }

    private final JetStream js;
    private final Duration timeout;

    CommitScan(JetStream js, Duration timeout) {
        this.js = js;
        this.timeout = timeout;
    }

    /** Hands {@code sink} the commits on {@code filter} from {@code fromSeq} on, until it says stop or the commit at {@code lastSeq}. */
    void scan(String filter, long fromSeq, long lastSeq, Sink sink) {
        if (fromSeq > lastSeq) {
            return;
        }
        JetStreamSubscription subscription;
        try {
            subscription = js.subscribe(filter, PushSubscribeOptions.builder()
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder()
                            .deliverPolicy(DeliverPolicy.ByStartSequence)
                            .startSequence(Math.max(fromSeq, 1))
                            .build())
                    .build());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("reading the commits on " + filter + " from sequence " + fromSeq, e);
        }
        long delivered = 0;
        try {
            while (true) {
                Message message = subscription.nextMessage(timeout);
                if (message == null) {
                    throw new StorageException("NATS sent no commit on " + filter + " within " + timeout
                            + " while reading up to sequence " + lastSeq);
                }
                if (!message.isJetStream()) {
                    continue;
                }
                long seq = message.metaData().streamSequence();
                if (seq <= delivered) {
                    continue; // delivered again after the consumer was remade (a leader change): already handed on
                }
                delivered = seq;
                Commit commit = CommitCodec.decode(seq, message.getData() == null ? new byte[0] : message.getData());
                if (!sink.accept(commit) || seq >= lastSeq) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while reading the commits on " + filter, e);
        } finally {
            try {
                subscription.unsubscribe();
            } catch (IllegalStateException e) {
                // the connection closed meanwhile; the server removes the consumer on its own
            }
        }
    }
}
