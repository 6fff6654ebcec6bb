package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StoredKey;
import dev.annals.spi.support.Retry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The key role of the NATS store: the stream {@code ANNALS_<store>_KEYS} (file storage, the store's replicas),
 * one subject per data subject, encoded as {@link StoreLayout} encodes stream names, holding at most one
 * message, the wrapped key ({@code max_msgs_per_subject: 1}, {@code discard_new_per_subject}).
 *
 * <p>{@link #putIfAbsent} publishes the key: the server refuses a second message on the subject (10077), so of
 * two processes creating a subject's key at once one wins and the other reads it. The first message stored
 * on a subject is the key (across a change of leader a replicated stream may store a second one; it is
 * never read, and a delete removes it too).
 *
 * <p><b>Erasure.</b> {@link #delete} removes the key's message with JetStream's erasing delete
 * ({@code erase: true}): the server overwrites the message's record in its block file with random bytes
 * before it frees it, so from then on the wrapped key's bytes are in none of the server's store files. (A KV
 * bucket, where the keys were kept before, refuses that delete: its stream denies single-message deletes.)
 * {@link #eraseDeleted} then has nothing left to do. On a replicated store the replicas' Raft logs keep the
 * key until the server compacts them. A store made by the earlier layout has its keys moved from the bucket
 * when it is opened ({@link #moveFromBucket}), and the bucket removed with its files.
 *
 * <p>Every request has the store's deadline (the connection's JetStream request timeout), and every loop that
 * tries again after losing to another process ends at the same deadline. Thread-safe.
 */
final class NatsKeys implements KeyStorage {

    /** How a key is removed: {@link #ERASE} in every store; {@link #PLAIN} only shows, in the tests, what erasing avoids. */
    enum Removal {
        /** JetStream's erasing delete: the record is overwritten in the block file. */
        ERASE,
        /** JetStream's plain delete: the record is only marked free, its bytes stay in the block file. */
        PLAIN
    }

    private final JetStreamCalls calls;
    private final StoreLayout layout;
    private final Duration timeout;
    private final boolean replicated;
    private final Removal removal;

    NatsKeys(JetStreamCalls calls, StoreLayout layout, Duration timeout, boolean replicated, Removal removal) {
        this.calls = calls;
        this.layout = layout;
        this.timeout = timeout;
        this.replicated = replicated;
        this.removal = removal;
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrappedKey) {
        String keySubject = layout.keySubject(subject);
        return Retry.untilDeadline("storing the key of subject " + subject, timeout, Duration.ZERO,
                () -> "The key of subject " + subject + " was deleted and made again by others for " + timeout + "; nothing was stored",
                () -> {
                    try {
                        calls.publish(keySubject, null, wrappedKey, PublishOptions.builder().build());
                        if (!replicated) {
                            return Optional.of(wrappedKey.clone());
                        }
                    } catch (JetStreamApiException e) {
                        if (e.getApiErrorCode() != JetStreamCalls.SUBJECT_FULL) {
                            throw JetStreamCalls.failed("storing the key of subject " + subject, e);
                        }
                    } catch (IOException e) {
                        throw JetStreamCalls.failed("storing the key of subject " + subject, e);
                    }
                    // another process stored a key first (or, replicated, maybe did): the first one stored is the key;
                    // none when it was deleted meanwhile, then this tries again
                    return first(keySubject).map(NatsKeys::value);
                });
    }

    @Override
    public Optional<byte[]> find(String subject) {
        return first(layout.keySubject(subject)).map(NatsKeys::value);
    }

    /**
     * Removes every message of the subject's key (one, or two after a change of leader): each by its sequence,
     * so that of two deletes racing one reports the deletion.
     */
    @Override
    public boolean delete(String subject) {
        String keySubject = layout.keySubject(subject);
        boolean[] deleted = {false};
        return Retry.untilDeadline("deleting the key of subject " + subject, timeout, Duration.ZERO,
                () -> "The key of subject " + subject + " could not be deleted within " + timeout + ": it was made again and again",
                () -> {
                    Optional<MessageInfo> first = first(keySubject);
                    if (first.isEmpty()) {
                        return Optional.of(deleted[0]);
                    }
                    if (remove(first.get().getSeq(), subject)) {
                        deleted[0] = true;
                    }
                    return Optional.empty();
                });
    }

    /** Removes the message at {@code seq}; false when it was gone already (removed by another delete). */
    private boolean remove(long seq, String subject) {
        try {
            return calls.management().deleteMessage(layout.keysStream(), seq, removal == Removal.ERASE);
        } catch (JetStreamApiException | IOException e) {
            if (calls.at(layout.keysStream(), seq).isEmpty()) {
                return false;
            }
            throw JetStreamCalls.failed("deleting the key of subject " + subject, e);
        }
    }

    /** Nothing: {@link #delete} erased the key's record already. */
    @Override
    public void eraseDeleted() {
        // the erasing delete overwrote each record when it removed it
    }

    /**
     * Reads the stream's subject list (JetStream has no ordered range of subjects, and the encoding does not
     * keep the subjects' order), then the page's keys one by one.
     */
    @Override
    public List<StoredKey> keys(@Nullable String afterSubject, int limit) {
        Map<String, Long> subjects;
        try {
            subjects = calls.management().getStreamInfo(layout.keysStream(), StreamInfoOptions.filterSubjects(layout.allKeySubjects()))
                    .getStreamState().getSubjectMap();
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("listing the data keys", e);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (String keySubject : subjects == null ? List.<String>of() : subjects.keySet()) {
            String subject = layout.subjectOfKeySubject(keySubject);
            if (afterSubject == null || subject.compareTo(afterSubject) > 0) {
                sorted.put(subject, keySubject);
            }
        }
        List<StoredKey> page = new ArrayList<>();
        for (var subject : sorted.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            first(subject.getValue()).ifPresent(key -> page.add(new StoredKey(subject.getKey(), value(key))));
        }
        return page;
    }

    /** The first message on the key's subject: the key. */
    private Optional<MessageInfo> first(String keySubject) {
        return calls.next(layout.keysStream(), 1, keySubject);
    }

    private static byte[] value(MessageInfo message) {
        byte[] data = message.getData();
        if (data == null || data.length == 0) {
            throw new StorageException("The data key at sequence " + message.getSeq() + " of " + message.getSubject() + " is empty");
        }
        return data;
    }

    /**
     * Moves the keys of a store made by the earlier layout from its KV bucket into {@code keys} and removes the
     * bucket with its stream's files; nothing when there is no such bucket. A key the stream holds already stays.
     */
    static void moveFromBucket(Connection connection, JetStreamOptions options, StoreLayout layout, NatsKeys keys) {
        String bucketStream = "KV_" + layout.keyBucket();
        try {
            try {
                connection.jetStreamManagement(options).getStreamInfo(bucketStream);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == JetStreamCalls.NO_STREAM) {
                    return;
                }
                throw e;
            }
            KeyValue bucket = connection.keyValue(layout.keyBucket(), KeyValueOptions.builder().jetStreamOptions(options).build());
            for (String key : bucket.keys()) {
                KeyValueEntry entry = bucket.get(key);
                if (entry != null && entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
                    keys.putIfAbsent(layout.subjectOfKey(key), entry.getValue());
                }
            }
            try {
                connection.jetStreamManagement(options).deleteStream(bucketStream);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != JetStreamCalls.NO_STREAM) { // removed meanwhile by another process moving them
                    throw e;
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("moving the data keys from the bucket " + layout.keyBucket(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while moving the data keys from the bucket " + layout.keyBucket(), e);
        }
    }
}
