package dev.annals.nats;

import dev.annals.spi.AppendRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last commit this process knows of per stream (from its own appends), so that an append expecting
 * that version can be published without reading the stream first. Knowing is enough to be safe: a
 * version once stored stays stored, so a commit at the next version never leaves a gap, and if another
 * commit took that version meanwhile the server refuses the publish (one message per subject) and the
 * append reads the stream and is decided again. Bounded: emptied when it grows past
 * {@value #MAX_STREAMS} streams. Thread-safe.
 */
final class StreamHeads {

    private static final int MAX_STREAMS = 100_000;

    /** A stream's last commit: its sequence (0 for none) and last version (-1 for none). */
    record Head(long seq, long lastVersion) {
        static final Head NONE = new Head(0, -1);
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
        return head != null && head.lastVersion() == request.expectedVersion() ? head : null;
    }

    /** Reads the stream's last commit. */
    Head read(String stream) {
        Optional<Commit> last = reads.lastCommit(stream);
        return last.isEmpty() ? Head.NONE : new Head(last.get().seq(), last.get().lastVersion());
    }

    void appended(String stream, long seq, long lastVersion) {
        if (known.size() >= MAX_STREAMS) {
            known.clear();
        }
        known.merge(stream, new Head(seq, lastVersion), (old, now) -> now.lastVersion() > old.lastVersion() ? now : old);
    }
}
