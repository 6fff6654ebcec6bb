package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Commits delivered by an ordered JetStream consumer (ephemeral, no acks), as fast as the server sends
 * them. The consumer delivers only stored messages, in sequence order, and goes on delivering commits
 * stored later, so a feed kept between pages continues where the previous page stopped.
 */
final class ConsumerFeed implements CommitFeed {

    private final JetStreamSubscription subscription;
    private final String filter;
    private final Duration timeout;
    /** The stream sequence of the last commit handed on, 0 before the first. */
    private long delivered;

    ConsumerFeed(JetStreamSubscription subscription, String filter, Duration timeout) {
        this.subscription = subscription;
        this.filter = filter;
        this.timeout = timeout;
    }

    /** The consumer's subscription (to ask where the consumer runs). */
    JetStreamSubscription subscription() {
        return subscription;
    }

    @Override
    public @Nullable Commit readUpTo(long lastSeq, Sink sink) {
        Commit reached = null;
        try {
            while (delivered < lastSeq) {
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
                reached = CommitCodec.decode(seq, message.getData() == null ? new byte[0] : message.getData());
                if (!sink.accept(reached)) {
                    break;
                }
            }
            return reached;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while reading the commits on " + filter, e);
        }
    }

    /** Removes the consumer: the server forgets an ephemeral consumer once the client's interest is gone. */
    @Override
    public void close() {
        try {
            subscription.unsubscribe();
        } catch (IllegalStateException e) {
            // the connection closed meanwhile; the server removes the consumer on its own
        }
    }
}
