package dev.annals.nats;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StorageException;
import dev.annals.spi.StoredSnapshot;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots in the store's KV bucket: one key per stream, one revision per save, kept as
 * {@link SnapshotEntries} folds them. The bucket keeps {@value #HISTORY} revisions per key (JetStream's
 * most), so a save may retain at most that many snapshots; a snapshot larger than the server's
 * {@code max_payload} is refused naming it.
 *
 * <p>A save reads the key's last revision and writes on top of it with compare-and-set, refusing a snapshot
 * older than the newest kept; so the last revision is the newest snapshot, and a load of the newest (or of one
 * at or before a version it does not exceed) is one read of the last revision, not a fold of the history. A
 * key with no revision yet first gets a delete marker, so that the compare-and-set never expects revision 0
 * (which nats-server 2.9 does not apply alike on every replica, #5794). On a replicated bucket the
 * compare-and-set is not serial on 2.9 (#4320): a save that finds another revision between the one it expected
 * and its own folds the history and writes the newest kept again on top, so a reader between the two sees an
 * older kept snapshot at worst, never a removed one. Thread-safe.
 */
final class KvSnapshots {

    /** Revisions a key keeps: JetStream's limit for a KV bucket. */
    static final int HISTORY = 64;
    /** How long a snapshot read waits for a replica to catch up with the leader. */
    static final Duration REPLICA_WAIT = Duration.ofSeconds(2);
    /** Saves tried again when other saves of the stream keep coming first. */
    private static final int MAX_ATTEMPTS = 100;
    /** The header of a KV delete or purge marker. */
    private static final String KV_OPERATION = "KV-Operation";

    private final KeyValue bucket;
    private final JetStreamCalls calls;
    private final String bucketStream;
    private final String subjectPrefix;
    private final StoreLayout layout;
    private final long maxPayload;
    private final boolean replicated;

    KvSnapshots(KeyValue bucket, JetStreamCalls calls, StoreLayout layout, long maxPayload, boolean replicated) {
        this.bucket = bucket;
        this.calls = calls;
        this.bucketStream = "KV_" + layout.snapshotBucket();
        this.subjectPrefix = "$KV." + layout.snapshotBucket() + ".";
        this.layout = layout;
        this.maxPayload = maxPayload;
        this.replicated = replicated;
    }

    boolean save(StoredSnapshot snapshot, int retain) {
        if (retain > HISTORY) {
            throw new InvalidArgumentException("a NATS store keeps at most " + HISTORY + " snapshots per stream (the KV history limit); "
                    + retain + " were asked for");
        }
        byte[] value = SnapshotEntries.encode(snapshot, retain);
        if (value.length > maxPayload) {
            throw new InvalidArgumentException("the snapshot of " + dev.annals.Limits.shown(snapshot.stream()) + " at version "
                    + snapshot.version() + " takes " + value.length + " bytes; the server's max_payload allows at most " + maxPayload);
        }
        String key = layout.snapshotKey(snapshot.stream());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<MessageInfo> last = last(key);
            Optional<StoredSnapshot> newest = newest(key, snapshot.stream(), last);
            if (newest.isPresent() && snapshot.version() < newest.get().version()) {
                return false;
            }
            if (last.isEmpty()) {
                markStart(key);
                continue; // decide on the mark, or on a save that came first
            }
            long expected = last.get().getSeq();
            long revision;
            try {
                revision = bucket.update(key, value, expected);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    continue; // another save (or the start mark of another) came first: decide again on it
                }
                throw JetStreamCalls.failed("saving the snapshot of " + snapshot.stream(), e);
            } catch (IOException e) {
                throw JetStreamCalls.failed("saving the snapshot of " + snapshot.stream(), e);
            }
            if (replicated && !follows(key, expected, revision)) {
                return settle(key, snapshot, retain);
            }
            return true;
        }
        throw new StorageException("The snapshot of " + Limits.shown(snapshot.stream()) + " at version " + snapshot.version()
                + " was decided " + MAX_ATTEMPTS + " times and each time another save of the stream came first");
    }

    /** Newest first. */
    List<StoredSnapshot> snapshots(String stream) {
        String key = layout.snapshotKey(stream);
        List<StoredSnapshot> kept = new ArrayList<>(kept(key, stream, last(key)));
        Collections.reverse(kept);
        return kept;
    }

    /** The newest snapshot at or before {@code version}: one read when the last revision is the newest and fits. */
    Optional<StoredSnapshot> atOrBefore(String stream, long version) {
        String key = layout.snapshotKey(stream);
        Optional<MessageInfo> last = last(key);
        if (last.isEmpty() || isMarker(last.get())) {
            return Optional.empty();
        }
        SnapshotEntries.Entry entry = decode(key, last.get());
        if (entry.newest() && entry.snapshot().version() <= version) {
            return Optional.of(entry.snapshot());
        }
        List<StoredSnapshot> kept = kept(key, stream, last);
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (kept.get(i).version() <= version) {
                return Optional.of(kept.get(i));
            }
        }
        return Optional.empty();
    }

    void clear(String stream) {
        try {
            bucket.purge(layout.snapshotKey(stream));
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("clearing the snapshots of " + stream, e);
        }
    }

    /** The key's last revision, a delete or purge marker included; read from the bucket's leader. */
    private Optional<MessageInfo> last(String key) {
        return calls.last(bucketStream, subjectPrefix + key);
    }

    private static boolean isMarker(MessageInfo message) {
        return message.getHeaders() != null && message.getHeaders().getFirst(KV_OPERATION) != null;
    }

    private static SnapshotEntries.Entry decode(String key, MessageInfo message) {
        return SnapshotEntries.decode(key, message.getSeq(), message.getData() == null ? new byte[0] : message.getData());
    }

    /** The newest snapshot kept, read from the last revision {@code last} (folding the history only when it has no mark). */
    private Optional<StoredSnapshot> newest(String key, String stream, Optional<MessageInfo> last) {
        if (last.isEmpty() || isMarker(last.get())) {
            return Optional.empty();
        }
        SnapshotEntries.Entry entry = decode(key, last.get());
        if (entry.newest()) {
            return Optional.of(entry.snapshot());
        }
        List<StoredSnapshot> kept = kept(key, stream, last);
        return kept.isEmpty() ? Optional.empty() : Optional.of(kept.get(kept.size() - 1));
    }

    /** Gives a key without revisions a delete marker (the fold starts afresh there), to save on top of with compare-and-set. */
    private void markStart(String key) {
        try {
            bucket.delete(key);
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("starting the snapshots of key " + key, e);
        }
    }

    /** Whether revision {@code revision} of {@code key} is the first after {@code expected}: no other save landed between. */
    private boolean follows(String key, long expected, long revision) {
        return calls.next(bucketStream, expected + 1, subjectPrefix + key).map(next -> next.getSeq() == revision).orElse(false);
    }

    /**
     * After a save whose compare-and-set let another revision land between (a replicated bucket on 2.9): writes the
     * newest kept snapshot again on top unless the last revision is it already, and tells whether {@code saved} is kept.
     */
    private boolean settle(String key, StoredSnapshot saved, int retain) {
        Optional<MessageInfo> last = last(key);
        List<StoredSnapshot> kept = kept(key, saved.stream(), last);
        if (!kept.isEmpty() && last.isPresent() && !isMarker(last.get())) {
            StoredSnapshot newest = kept.get(kept.size() - 1);
            SnapshotEntries.Entry entry = decode(key, last.get());
            if (!entry.newest() || entry.snapshot().version() != newest.version() || !entry.snapshot().hash().equals(newest.hash())) {
                try {
                    bucket.update(key, SnapshotEntries.encode(newest, retain), last.get().getSeq());
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != JetStreamCalls.WRONG_LAST_SEQUENCE) { // else a later save writes on top
                        throw JetStreamCalls.failed("saving the snapshot of " + saved.stream(), e);
                    }
                } catch (IOException e) {
                    throw JetStreamCalls.failed("saving the snapshot of " + saved.stream(), e);
                }
            }
        }
        return kept.stream().anyMatch(s -> s.version() == saved.version() && s.hash().equals(saved.hash()));
    }

    /** Oldest first: the history up to the last revision {@code last}, folded. */
    private List<StoredSnapshot> kept(String key, String stream, Optional<MessageInfo> last) {
        if (last.isEmpty()) {
            return List.of();
        }
        List<KeyValueEntry> history;
        try {
            history = historyUpTo(key, last.get().getSeq(), stream);
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("reading the snapshots of " + stream, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while reading the snapshots of " + stream, e);
        }
        List<StoredSnapshot> kept = List.of();
        for (KeyValueEntry entry : history) {
            if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
                kept = List.of();
                continue;
            }
            kept = SnapshotEntries.fold(kept, SnapshotEntries.decode(key, entry.getRevision(), entry.getValue()));
        }
        return kept;
    }

    /**
     * The history of {@code key} up to at least {@code revision}. {@code get} asks the stream's leader (the
     * bucket has no direct gets), but the history is read by an ephemeral consumer, which nats-server 2.9
     * places on any replica of a replicated bucket, one that may not have the newest revision yet: read
     * again until the history reaches what the leader answered, for at most {@link #REPLICA_WAIT}.
     */
    private List<KeyValueEntry> historyUpTo(String key, long revision, String stream)
            throws IOException, JetStreamApiException, InterruptedException {
        long deadline = System.nanoTime() + REPLICA_WAIT.toNanos();
        while (true) {
            List<KeyValueEntry> history = bucket.history(key);
            if (!history.isEmpty() && history.get(history.size() - 1).getRevision() >= revision) {
                return history;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StorageException("The snapshots of " + Limits.shown(stream) + " were read from a replica that stayed "
                        + "behind the leader for " + REPLICA_WAIT.toMillis() + " ms (revision " + revision + " missing); try again");
            }
            Thread.sleep(10);
        }
    }

    /** Keys with snapshots, for listings. */
    List<String> streams() {
        try {
            List<String> streams = new ArrayList<>();
            for (String key : bucket.keys()) {
                streams.add(layout.streamOfKey(key));
            }
            return streams;
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("listing the snapshot keys", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while listing the snapshot keys", e);
        }
    }
}
