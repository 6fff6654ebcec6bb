package dev.annals.nats;

import dev.annals.StorageException;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JetStream requests of a store, each bounded by the connection's request timeout, with
 * JetStream's errors turned into Annals' own: a missing message is an empty result, anything else a
 * {@link StorageException} naming the stream and what was asked. Reads go to the stream's leader
 * (the streams are created without Direct Get), so they see every acknowledged append. Thread-safe.
 */
final class JetStreamCalls {

    /** JetStream's error code for "no message found". */
    static final int NO_MESSAGE = 10037;
    /** JetStream's error code for a failed expected-last-sequence check. */
    static final int WRONG_LAST_SEQUENCE = 10071;
    /** JetStream's error code for a subject that already holds its one message (discard new per subject). */
    static final int SUBJECT_FULL = 10077;
    /** JetStream's error code for "stream not found". */
    static final int NO_STREAM = 10059;

    private final JetStream js;
    private final JetStreamManagement jsm;

    JetStreamCalls(JetStream js, JetStreamManagement jsm) {
        this.js = js;
        this.jsm = jsm;
    }

    JetStreamManagement management() {
        return jsm;
    }

    JetStream jetStream() {
        return js;
    }

    Optional<MessageInfo> last(String stream, String subject) {
        return get(stream, MessageGetRequest.lastForSubject(subject), "the last message on " + subject);
    }

    /** The first message on {@code subject} (a wildcard is allowed) at sequence {@code seq} or later. */
    Optional<MessageInfo> next(String stream, long seq, String subject) {
        return get(stream, MessageGetRequest.nextForSubject(Math.max(seq, 1), subject), "the message after " + seq + " on " + subject);
    }

    Optional<MessageInfo> at(String stream, long seq) {
        return get(stream, MessageGetRequest.forSequence(seq), "the message at sequence " + seq);
    }

    private Optional<MessageInfo> get(String stream, MessageGetRequest request, String what) {
        try {
            return Optional.of(jsm.getMessage(stream, request));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return Optional.empty();
            }
            throw failed("reading " + what + " of stream " + stream, e);
        } catch (IOException e) {
            throw failed("reading " + what + " of stream " + stream, e);
        }
    }

    StreamInfo info(String stream) {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException | IOException e) {
            throw failed("reading the state of stream " + stream, e);
        }
    }

    /** Publishes and waits for the ack; JetStream's refusal comes back as the {@link JetStreamApiException}. */
    PublishAck publish(String subject, @Nullable Headers headers, byte[] body, PublishOptions options)
            throws JetStreamApiException, IOException {
        return js.publish(subject, headers, body, options);
    }

    static StorageException failed(String doing, Exception cause) {
        String reason = cause instanceof JetStreamApiException api ? api.getErrorDescription() + " [" + api.getApiErrorCode() + "]"
                : String.valueOf(cause.getMessage());
        return new StorageException("NATS failed while " + doing + ": " + reason, cause);
    }
}
