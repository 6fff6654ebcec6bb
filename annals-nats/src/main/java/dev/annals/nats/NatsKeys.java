package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValuePurgeOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The key role of the NATS store: the KV bucket {@code annals_<store>_keys} (history 1, the store's
 * replicas), one KV key per subject, encoded as {@link StoreLayout} encodes stream names.
 *
 * <p>{@link #putIfAbsent} is the bucket's {@code create}, which the server refuses when the key holds a
 * value, so of two processes creating a subject's key at once one wins and the other reads it.
 * {@link #delete} purges the key (only at the revision it read, so a delete racing another reports one
 * deletion): the server removes every message of the key and leaves a purge marker without a value.
 *
 * <p><b>Erasure.</b> {@link #eraseDeleted} removes the purge markers as well (the bucket's stream purged
 * by each marker's subject), so the bucket's stream holds no message of a deleted key. What the server
 * keeps outside its messages is its own: its file store frees a removed message's record in the block
 * file without overwriting it, and the freed bytes stay there until the block is compacted or removed
 * (and, on a replicated store, in the replicas' Raft logs until they are compacted). The erasing delete
 * of one message, which would overwrite it, is refused on a KV bucket's stream ({@code deny_delete}).
 *
 * <p>Every request has the store's deadline (the connection's JetStream request timeout). Thread-safe.
 */
final class NatsKeys implements KeyStorage {

    private final KeyValue bucket;
    private final StoreLayout layout;

    NatsKeys(KeyValue bucket, StoreLayout layout) {
        this.bucket = bucket;
        this.layout = layout;
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        String key = layout.dataKey(subject);
        while (true) {
            try {
                bucket.create(key, wrappedKey);
                return wrappedKey.clone();
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    throw JetStreamCalls.failed("storing the key of subject " + subject, e);
                }
            } catch (IOException e) {
                throw JetStreamCalls.failed("storing the key of subject " + subject, e);
            }
            // another process stored a key first; read it (or, deleted meanwhile, try again)
            Optional<byte[]> stored = find(subject);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
    }

    @Override
    public Optional<byte[]> find(String subject) {
        return Optional.ofNullable(entry(layout.dataKey(subject), subject)).map(KeyValueEntry::getValue);
    }

    @Override
    public boolean delete(String subject) {
        String key = layout.dataKey(subject);
        while (true) {
            KeyValueEntry entry = entry(key, subject);
            if (entry == null) {
                return false;
            }
            try {
                bucket.purge(key, entry.getRevision());
                return true;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamCalls.WRONG_LAST_SEQUENCE) {
                    throw JetStreamCalls.failed("deleting the key of subject " + subject, e);
                }
                // changed since it was read (deleted, or deleted and made again): read it again
            } catch (IOException e) {
                throw JetStreamCalls.failed("deleting the key of subject " + subject, e);
            }
        }
    }

    /** Removes the purge markers of deleted keys, so the bucket's stream holds no message of them. */
    @Override
    public void eraseDeleted() {
        try {
            bucket.purgeDeletes(KeyValuePurgeOptions.builder().deleteMarkersNoThreshold().build());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("removing the markers of deleted keys", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while removing the markers of deleted keys", e);
        }
    }

    /**
     * Lists the bucket's keys (JetStream has no ordered range of KV keys, and the encoding does not keep
     * the subjects' order), then reads the page's values one by one.
     */
    @Override
    public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        TreeMap<String, String> subjects = new TreeMap<>();
        try {
            for (String key : bucket.keys()) {
                String subject = layout.subjectOfKey(key);
                if (afterSubject == null || subject.compareTo(afterSubject) > 0) {
                    subjects.put(subject, key);
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("listing the data keys", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while listing the data keys", e);
        }
        List<StoredKey> page = new ArrayList<>();
        for (var subject : subjects.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            KeyValueEntry entry = entry(subject.getValue(), subject.getKey());
            if (entry != null) {
                page.add(new StoredKey(subject.getKey(), entry.getValue()));
            }
        }
        return page;
    }

    /** The key's current entry; null when it has none or it was deleted. */
    private @Nullable KeyValueEntry entry(String key, String subject) {
        try {
            KeyValueEntry entry = bucket.get(key);
            return entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null ? null : entry;
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("reading the key of subject " + subject, e);
        }
    }
}
