package dev.annals.nats;

import io.nats.client.api.MessageInfo;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Commits read one request at a time from the stream's leader (a message get, never Direct Get): the
 * feed of a read when no consumer could be placed on the leader. Holds nothing on the server.
 */
final class RequestFeed implements CommitFeed {

    private final JetStreamCalls calls;
    private final String stream;
    private final String filter;
    /** The sequence the next request starts from. */
    private long next;

    RequestFeed(JetStreamCalls calls, String stream, String filter, long fromSeq) {
        this.calls = calls;
        this.stream = stream;
        this.filter = filter;
        this.next = Math.max(fromSeq, 1);
    }

    @Override
    public @Nullable Commit readUpTo(long lastSeq, Sink sink) {
        Commit reached = null;
        while (next <= lastSeq) {
            Optional<MessageInfo> message = calls.next(stream, next, filter);
            if (message.isEmpty()) {
                break;
            }
            byte[] data = message.get().getData();
            reached = CommitCodec.decode(message.get().getSeq(), data == null ? new byte[0] : data);
            next = reached.seq() + 1;
            if (!sink.accept(reached)) {
                break;
            }
        }
        return reached;
    }

    @Override
    public void close() {
        // nothing held on the server
    }
}
