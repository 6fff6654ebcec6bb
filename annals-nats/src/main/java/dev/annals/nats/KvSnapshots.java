package dev.annals.nats;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StorageException;
import dev.annals.spi.StoredSnapshot;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
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
 * {@code max_payload} is refused naming it. Thread-safe.
 */
final class KvSnapshots {

    /** Revisions a key keeps: JetStream's limit for a KV bucket. */
    static final int HISTORY = 64;
    /** How long a snapshot read waits for a replica to catch up with the leader. */
    static final Duration REPLICA_WAIT = Duration.ofSeconds(2);

    private final KeyValue bucket;
    private final StoreLayout layout;
    private final long maxPayload;

    KvSnapshots(KeyValue bucket, StoreLayout layout, long maxPayload) {
        this.bucket = bucket;
        this.layout = layout;
        this.maxPayload = maxPayload;
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
        List<StoredSnapshot> kept = kept(snapshot.stream());
        if (!kept.isEmpty() && snapshot.version() < kept.get(kept.size() - 1).version()) {
            return false;
        }
        String key = layout.snapshotKey(snapshot.stream());
        try {
            bucket.put(key, value);
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("saving the snapshot of " + snapshot.stream(), e);
        }
        return true;
    }

    /** Newest first. */
    List<StoredSnapshot> snapshots(String stream) {
        List<StoredSnapshot> kept = new ArrayList<>(kept(stream));
        Collections.reverse(kept);
        return kept;
    }

    Optional<StoredSnapshot> atOrBefore(String stream, long version) {
        List<StoredSnapshot> kept = kept(stream);
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

    /** Oldest first. */
    private List<StoredSnapshot> kept(String stream) {
        String key = layout.snapshotKey(stream);
        List<KeyValueEntry> history;
        try {
            KeyValueEntry latest = bucket.get(key);
            if (latest == null) {
                return List.of();
            }
            history = historyUpTo(key, latest.getRevision(), stream);
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
