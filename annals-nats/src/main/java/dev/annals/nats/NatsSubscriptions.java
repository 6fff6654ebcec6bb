package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.Checkpoint;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.subscription.LeaseLostException;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The subscription role on NATS: a KV bucket holding, per subscription partition, one value with its
 * lease (owner, fencing token, expiry) and its checkpoint ({@code p.<subscription>.<partition>}), changed
 * only by compare-and-set on the key's revision, so a lease taken over and a checkpoint written with a
 * stale token cannot both succeed; and one key per parked event ({@code k.<subscription>.<position>}).
 * Lease expiry is by the clock of the instance writing it (the instances of a subscription should keep
 * their clocks in step; fencing does not depend on it). The wake-up on appends is {@link AppendSignal}.
 * Thread-safe.
 */
final class NatsSubscriptions implements SubscriptionStorage, AutoCloseable {

    /** Compare-and-set attempts before giving up on a key that keeps changing. */
    private static final int MAX_ATTEMPTS = 100;

    private final KeyValue bucket;
    private final CommitReads reads;
    private final AppendSignal signal;
    private final JetStreamCalls calls;
    private final String bucketStream;
    private final boolean replicated;

    /**
     * @param replicated whether the bucket has replicas: then every compare-and-set also expects the bucket's
     *     whole stream to be where it was read (see {@link #change})
     */
    NatsSubscriptions(KeyValue bucket, CommitReads reads, AppendSignal signal, JetStreamCalls calls, boolean replicated) {
        this.bucket = bucket;
        this.reads = reads;
        this.signal = signal;
        this.calls = calls;
        this.bucketStream = "KV_" + bucket.getBucketName();
        this.replicated = replicated;
    }

    private static String partitionKey(String subscription, int partition) {
        return "p." + StoreLayout.encode(subscription) + "." + partition;
    }

    private static String parkedKey(String subscription, long position) {
        return "k." + StoreLayout.encode(subscription) + "." + position;
    }

    @Override
    public OptionalLong acquireLease(String subscription, int partition, String owner, Duration ttl) {
        long[] token = {-1};
        change(partitionKey(subscription, partition), state -> {
            long now = System.currentTimeMillis();
            boolean mine = owner.equals(state.owner());
            if (!mine && state.owner() != null && state.expiresAtMillis() > now) {
                token[0] = -1;
                return null;
            }
            long next = mine ? state.token() : state.token() + 1;
            token[0] = next;
            return new PartitionState(owner, next, now + ttl.toMillis(), state.checkpoint(), state.resetPending());
        });
        return token[0] < 0 ? OptionalLong.empty() : OptionalLong.of(token[0]);
    }

    @Override
    public void releaseLease(String subscription, int partition, String owner, long token) {
        change(partitionKey(subscription, partition), state -> owner.equals(state.owner()) && state.token() == token
                ? new PartitionState(null, state.token(), System.currentTimeMillis(), state.checkpoint(), state.resetPending())
                : null);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String subscription, int partition) {
        PartitionState state = read(partitionKey(subscription, partition)).state();
        return state.checkpoint() < 0 ? Optional.empty() : Optional.of(new Checkpoint(state.checkpoint(), state.resetPending()));
    }

    @Override
    public void saveCheckpoint(String subscription, int partition, long token, long position) {
        change(partitionKey(subscription, partition), state -> {
            requireToken(subscription, partition, token, state);
            return new PartitionState(state.owner(), state.token(), state.expiresAtMillis(), position, false);
        });
    }

    private static void requireToken(String subscription, int partition, long token, PartitionState state) {
        if (state.token() != token) {
            throw new LeaseLostException(subscription, partition, token);
        }
    }

    /** Writes the parked event, then checks the token again: a lease lost meanwhile removes it and fails. */
    @Override
    public void park(String subscription, int partition, long token, ParkedEvent event) {
        String partitionKey = partitionKey(subscription, partition);
        requireToken(subscription, partition, token, read(partitionKey).state());
        String key = parkedKey(subscription, event.position());
        try {
            bucket.put(key, ParkedCodec.encode(event));
            PartitionState now = read(partitionKey).state();
            if (now.token() != token) {
                bucket.delete(key);
                throw new LeaseLostException(subscription, partition, token);
            }
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("parking the event at " + event.position() + " of " + subscription, e);
        }
    }

    @Override
    public List<ParkedEvent> parkedEvents(String subscription) {
        List<ParkedEvent> events = new ArrayList<>();
        for (String key : keys("k." + StoreLayout.encode(subscription) + ".*")) {
            KeyValueEntry entry = get(key);
            if (entry != null && entry.getValue() != null) {
                events.add(ParkedCodec.decode(key, entry.getValue()));
            }
        }
        events.sort(Comparator.comparingLong(ParkedEvent::position));
        return events;
    }

    @Override
    public boolean requestRetry(String subscription, long position) {
        String key = parkedKey(subscription, position);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            KeyValueEntry entry = get(key);
            if (entry == null || entry.getValue() == null) {
                return false;
            }
            ParkedEvent retried = ParkedCodec.withRetryRequested(ParkedCodec.decode(key, entry.getValue()));
            try {
                bucket.update(key, ParkedCodec.encode(retried), entry.getRevision());
                return true;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    throw JetStreamCalls.failed("asking to retry the parked event " + key, e);
                }
            } catch (IOException e) {
                throw JetStreamCalls.failed("asking to retry the parked event " + key, e);
            }
        }
        throw new StorageException("The parked event " + key + " kept changing; the retry was not requested");
    }

    @Override
    public boolean removeParked(String subscription, long position) {
        String key = parkedKey(subscription, position);
        KeyValueEntry entry = get(key);
        if (entry == null || entry.getValue() == null) {
            return false;
        }
        try {
            bucket.delete(key);
            return true;
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("removing the parked event " + key, e);
        }
    }

    @Override
    public void resetCheckpoints(String subscription, int partitions, long position) {
        for (int partition = 0; partition < partitions; partition++) {
            change(partitionKey(subscription, partition), state -> new PartitionState(null, state.token() + 1,
                    System.currentTimeMillis(), position, true));
        }
    }

    @Override
    public List<SubscriptionRecord> subscriptions() {
        Map<String, Integer> parkedBy = new HashMap<>();
        for (String key : keys("k.>")) {
            KeyValueEntry entry = get(key);
            if (entry != null && entry.getValue() != null) {
                ParkedEvent event = ParkedCodec.decode(key, entry.getValue());
                parkedBy.merge(event.subscription() + '\u0000' + event.partition(), 1, Integer::sum);
            }
        }
        List<SubscriptionRecord> records = new ArrayList<>();
        for (String key : keys("p.>")) {
            int dot = key.lastIndexOf('.');
            String subscription = StoreLayout.decode(key.substring(2, dot));
            int partition = Integer.parseInt(key.substring(dot + 1));
            PartitionState state = read(key).state();
            records.add(new SubscriptionRecord(subscription, partition, state.checkpoint(), state.owner(), state.token(),
                    state.owner() == null && state.token() == 0 ? null : Instant.ofEpochMilli(state.expiresAtMillis()),
                    parkedBy.getOrDefault(subscription + '\u0000' + partition, 0)));
        }
        records.sort(Comparator.comparing(SubscriptionRecord::subscription).thenComparingInt(SubscriptionRecord::partition));
        return records;
    }

    @Override
    public void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        signal.await(afterPosition, maxWait);
    }

    /** Counts by reading the log after {@code position}: the lag of a checkpoint, so usually a short read. */
    @Override
    public long countAfter(long position) {
        long count = 0;
        long after = position;
        while (true) {
            List<StoredEvent> page = reads.readAll(after, 1000);
            if (page.isEmpty()) {
                return count;
            }
            count += page.size();
            after = page.get(page.size() - 1).position();
        }
    }

    @Override
    public void close() {
        signal.close();
    }

    private record Read(PartitionState state, @Nullable KeyValueEntry entry) {
    }

    private Read read(String key) {
        KeyValueEntry entry = get(key);
        if (entry == null || entry.getValue() == null) {
            return new Read(PartitionState.NONE, null);
        }
        return new Read(PartitionState.decode(key, entry.getValue()), entry);
    }

    /**
     * Compare-and-set: applies {@code change} to the key's state and writes the result if the key was not
     * changed meanwhile, else tries again; a null result writes nothing. On a replicated bucket the KV
     * revision check ({@code Nats-Expected-Last-Subject-Sequence}) is not serial on nats-server 2.9 (two
     * owners could both take a lease), so the write also expects the bucket's stream to be at the sequence
     * read just before ({@code Nats-Expected-Last-Sequence}), which is.
     */
    private void change(String key, UnaryOperator<@Nullable PartitionState> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Read current = read(key);
            PartitionState next = change.apply(current.state());
            if (next == null) {
                return;
            }
            try {
                if (replicated) {
                    long streamSeq = calls.info(bucketStream).getStreamState().getLastSequence();
                    KeyValueEntry entry = current.entry();
                    calls.publish("$KV." + bucket.getBucketName() + "." + key, null, next.encode(), io.nats.client.PublishOptions.builder()
                            .expectedLastSequence(streamSeq)
                            .expectedLastSubjectSequence(entry == null ? 0 : entry.getRevision())
                            .build());
                } else if (current.entry() == null) {
                    bucket.create(key, next.encode());
                } else {
                    bucket.update(key, next.encode(), current.entry().getRevision());
                }
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    throw JetStreamCalls.failed("writing the subscription state " + key, e);
                }
            } catch (IOException e) {
                throw JetStreamCalls.failed("writing the subscription state " + key, e);
            }
        }
        throw new StorageException("The subscription state " + key + " kept changing under " + MAX_ATTEMPTS + " attempts to write it");
    }

    private @Nullable KeyValueEntry get(String key) {
        try {
            return bucket.get(key);
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("reading the subscription key " + key, e);
        }
    }

    private List<String> keys(String filter) {
        try {
            return bucket.keys(filter);
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("listing the subscription keys " + filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while listing the subscription keys " + filter, e);
        }
    }
}
