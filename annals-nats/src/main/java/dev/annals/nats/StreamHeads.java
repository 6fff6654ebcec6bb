package dev.annals.nats;

import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last message this process knows of per stream (from its own appends), so that an append expecting
 * that version can be decided without reading the stream first. On a store of one node that is enough to be
 * safe: nothing is removed there, so a version once stored stays stored, a commit at the next version never
 * leaves a gap, and if another message took that place meanwhile the server refuses the publish (one message
 * per subject) and the append reads the stream and is decided again. On a replicated store, where hard
 * deletes remove messages and free their subjects, the writer checks before it publishes that the stream has
 * nothing after the head, once messages were removed ({@link CommitWriter}). Bounded: emptied when it grows
 * past {@value #MAX_STREAMS} streams. Thread-safe.
 */
final class StreamHeads {

    private static final int MAX_STREAMS = 100_000;

    /**
     * A stream's last message: its sequence (0 for none), the stream's state after it, and the place the next
     * message takes among those at the next version ({@link Commit#nextIndex()}).
     */
    record Head(long seq, StreamState state, Commit.Marks marks, int nextIndex) {
        static final Head NONE = new Head(0, StreamState.NEW, Commit.Marks.NONE, 0);

        static Head of(Commit last) {
            return new Head(last.seq(), last.state(), last.marks(), last.nextIndex());
        }

        long lastVersion() {
            return state.lastVersion();
        }

        /** The marks a message decided on this head carries unless it changes them. */
        Commit.Marks carried() {
            return new Commit.Marks(marks.deletedBefore(), marks.hardDeleted(), nextIndex);
        }
    }

    private final CommitReads reads;
    private final Map<String, Head> known = new ConcurrentHashMap<>();

    StreamHeads(CommitReads reads) {
        this.reads = reads;
    }

    /**
     * The head an append may be published on without a read: the one it expects when this process knows
     * it, or none for a new stream; null when the stream must be read.
     */
    @Nullable Head known(AppendRequest request) {
        if (!request.checksVersion() || request.events().isEmpty()) {
            return null;
        }
        if (request.expectedVersion() == AppendRequest.NO_STREAM) {
            return Head.NONE;
        }
        Head head = known.get(request.stream());
        return head != null && head.state().visibleVersion() == request.expectedVersion() ? head : null;
    }

    /** Reads the stream's last message. */
    Head read(String stream) {
        Optional<Commit> last = reads.lastCommit(stream);
        return last.isEmpty() ? Head.NONE : Head.of(last.get());
    }

    /** Remembers the message this process stored last on a stream (an append's commit). */
    void appended(Commit stored) {
        if (known.size() >= MAX_STREAMS) {
            known.clear();
        }
        known.merge(stored.stream(), Head.of(stored), (old, now) -> now.seq() > old.seq() ? now : old);
    }

    /** Forgets what this process knew of a stream (after it deleted it). */
    void forget(String stream) {
        known.remove(stream);
    }
}
