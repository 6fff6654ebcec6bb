package dev.annals.nats;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.StreamDeletedException;
import dev.annals.StreamState;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.StreamPage;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PurgeOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.EnumSet;
import java.util.Set;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.SubscriptionStorage;
import org.jspecify.annotations.Nullable;

/**
 * The NATS JetStream backend. A store is one JetStream stream of commits ({@code ANNALS_<store>}, a
 * subject per event stream), one stream of event id claims ({@code ANNALS_<store>_IDS}, see
 * {@link IdClaims}), a KV bucket of snapshots, a stream of data keys ({@link NatsKeys}), all created on
 * first open with the configured number of replicas. Appends to several streams at once are not supported (JetStream before 2.12
 * has no atomic multi-message publish), so {@link #capabilities()} leaves that capability out.
 *
 * <p>Every request has the configured deadline. Thread-safe: one connection serves all threads, and
 * appends from many threads are in flight together.
 */
public final class NatsBackend implements StorageBackend {

    private final NatsSettings settings;
    private final Connection connection;
    private final StoreLayout layout;
    private final JetStreamCalls calls;
    private final CommitReads reads;
    private final CommitWriter writer;
    private final KvSnapshots snapshots;
    private final NatsSubscriptions subscriptions;
    private final NatsKeys keys;

    private NatsBackend(NatsSettings settings, Connection connection, StoreLayout layout, KeyValue snapshotBucket,
            KeyValue subscriptionBucket) throws IOException {
        this.settings = settings;
        this.connection = connection;
        this.layout = layout;
        JetStreamOptions jsOptions = JetStreamOptions.builder().requestTimeout(settings.timeout()).build();
        this.calls = new JetStreamCalls(connection.jetStream(jsOptions), connection.jetStreamManagement(jsOptions));
        this.reads = new CommitReads(calls, layout, new CommitScan(calls, layout.eventsStream(), settings.timeout(), settings.replicated()));
        IdClaims claims = new IdClaims(calls, layout, settings.timeout(), settings.replicated());
        long maxPayload = connection.getMaxPayload();
        this.writer = new CommitWriter(calls, layout, reads, claims, settings.replicated(), maxPayload, settings.timeout());
        this.snapshots = new KvSnapshots(snapshotBucket, calls, layout, maxPayload, settings.replicated());
        AppendSignal signal = new AppendSignal(connection, calls, layout.eventsStream(), layout.allEventSubjects(),
                settings.replicated(), reads::headPosition);
        this.subscriptions = new NatsSubscriptions(subscriptionBucket, reads, signal, calls, settings.replicated());
        this.keys = new NatsKeys(calls, layout, settings.timeout(), settings.replicated(), NatsKeys.Removal.ERASE);
    }

    /** Connects and opens the store, creating its streams and bucket when {@code create} is true and they are missing. */
    public static NatsBackend open(NatsSettings asked, boolean create) {
        Connection connection = connect(asked);
        try {
            StoreLayout layout = new StoreLayout(asked.store());
            JetStreamOptions jsOptions = JetStreamOptions.builder().requestTimeout(asked.timeout()).build();
            JetStreamManagement jsm = connection.jetStreamManagement(jsOptions);
            ensureStream(jsm, asked, create, eventsConfig(asked, layout));
            // an existing store keeps the replicas it was made with, whatever the URL says: appends, claims and reads
            // take their replicated-store precautions from it
            NatsSettings settings = asked.withReplicas(jsm.getStreamInfo(layout.eventsStream()).getConfiguration().getReplicas());
            ensureStream(jsm, settings, create, idsConfig(settings, layout));
            requireOneMessagePerSubject(jsm, layout.eventsStream());
            requireOneMessagePerSubject(jsm, layout.idsStream());
            KeyValue snapshotBucket = ensureBucket(connection, settings, create, jsOptions, layout.snapshotBucket(),
                    "snapshots, one key per stream", KvSnapshots.HISTORY);
            KeyValue subscriptionBucket = ensureBucket(connection, settings, create, jsOptions, layout.subscriptionBucket(),
                    "subscription leases, checkpoints and parked events", 1);
            // made on any open of an existing store, too: a store created before keys were kept here has no key stream
            ensureStream(jsm, settings, true, keysConfig(settings, layout));
            requireOneMessagePerSubject(jsm, layout.keysStream());
            requireErasingDeletes(jsm, layout.keysStream());
            NatsBackend backend = new NatsBackend(settings, connection, layout, snapshotBucket, subscriptionBucket);
            try {
                NatsKeys.moveFromBucket(connection, jsOptions, layout, backend.keys);
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
            return backend;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof StoreOpenException open) {
                throw open;
            }
            throw new StoreOpenException("Cannot open the NATS store " + asked.url() + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(NatsSettings settings) {
        Options options = Options.builder()
                .servers(settings.servers().toArray(String[]::new))
                .connectionTimeout(settings.timeout())
                .connectionName("annals-" + settings.store())
                .maxReconnects(-1)
                .reconnectWait(java.time.Duration.ofMillis(250))
                .errorListener(new QuietErrorListener())
                .build();
        try {
            return Nats.connect(options);
        } catch (IOException e) {
            throw new StoreOpenException("Cannot connect to NATS at " + String.join(",", settings.servers()) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreOpenException("Interrupted while connecting to NATS at " + String.join(",", settings.servers()), e);
        }
    }

    private static StreamConfiguration eventsConfig(NatsSettings settings, StoreLayout layout) {
        return StreamConfiguration.builder()
                .name(layout.eventsStream())
                .description("Annals store " + settings.store() + ": one message per commit, on a subject of its stream and first version")
                .subjects(layout.allEventSubjects())
                .storageType(StorageType.File)
                .replicas(settings.replicas())
                .maxMessagesPerSubject(1)
                .discardPolicy(DiscardPolicy.New)
                .discardNewPerSubject(true)
                .duplicateWindow(settings.duplicateWindow())
                .allowDirect(false)
                .build();
    }

    private static StreamConfiguration idsConfig(NatsSettings settings, StoreLayout layout) {
        return StreamConfiguration.builder()
                .name(layout.idsStream())
                .description("Annals store " + settings.store() + ": the claim of each event id, one message per id")
                .subjects(layout.allIdSubjects())
                .storageType(StorageType.File)
                .replicas(settings.replicas())
                .maxMessagesPerSubject(1)
                .discardPolicy(DiscardPolicy.New)
                .discardNewPerSubject(true)
                .allowDirect(false)
                .build();
    }

    private static StreamConfiguration keysConfig(NatsSettings settings, StoreLayout layout) {
        return StreamConfiguration.builder()
                .name(layout.keysStream())
                .description("Annals store " + settings.store() + ": the data keys of crypto-shredding, one message per subject")
                .subjects(layout.allKeySubjects())
                .storageType(StorageType.File)
                .replicas(settings.replicas())
                .maxMessagesPerSubject(1)
                .discardPolicy(DiscardPolicy.New)
                .discardNewPerSubject(true)
                .denyDelete(false)
                .allowDirect(false)
                .build();
    }

    /**
     * Refuses a key stream that denies deleting single messages (changed by an operator): forgetting a subject
     * erases its key's message, and without that delete the key would stay readable.
     */
    private static void requireErasingDeletes(JetStreamManagement jsm, String stream) throws IOException, JetStreamApiException {
        if (jsm.getStreamInfo(stream).getConfiguration().getDenyDelete()) {
            throw new StoreOpenException("JetStream stream " + stream + " denies deleting single messages (deny_delete: true); "
                    + "forgetting a subject erases its data key's message, so the stream must allow it");
        }
    }

    /**
     * Refuses a store whose stream lost its one-message-per-subject limit (changed by an operator): it is what
     * decides which of two appends at one version is stored, and which stream an event id belongs to.
     */
    private static void requireOneMessagePerSubject(JetStreamManagement jsm, String stream) throws IOException, JetStreamApiException {
        StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
        if (config.getMaxMsgsPerSubject() != 1 || config.getDiscardPolicy() != DiscardPolicy.New || !config.isDiscardNewPerSubject()) {
            throw new StoreOpenException("JetStream stream " + stream + " must keep one message per subject and refuse a second "
                    + "(max_msgs_per_subject: 1, discard: new, discard_new_per_subject: true), but has max_msgs_per_subject: "
                    + config.getMaxMsgsPerSubject() + ", discard: " + config.getDiscardPolicy() + ", discard_new_per_subject: "
                    + config.isDiscardNewPerSubject() + "; without that limit two appends at one version could both be stored");
        }
    }

    private static void ensureStream(JetStreamManagement jsm, NatsSettings settings, boolean create, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamCalls.NO_STREAM) {
                throw e;
            }
        }
        if (!create) {
            throw new StoreOpenException("No Annals store " + settings.store() + " at " + String.join(",", settings.servers())
                    + ": JetStream has no stream " + config.getName());
        }
        try {
            jsm.addStream(config);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10058) { // created meanwhile by another process ("stream name already in use")
                throw e;
            }
        }
    }

    private static KeyValue ensureBucket(Connection connection, NatsSettings settings, boolean create, JetStreamOptions jsOptions,
            String name, String holds, int history) throws IOException, JetStreamApiException {
        var kvm = connection.keyValueManagement(KeyValueOptions.builder().jetStreamOptions(jsOptions).build());
        try {
            kvm.getStatus(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JetStreamCalls.NO_STREAM) {
                throw e;
            }
            if (create) {
                try {
                    kvm.create(KeyValueConfiguration.builder()
                            .name(name)
                            .description("Annals store " + settings.store() + ": " + holds)
                            .maxHistoryPerKey(history)
                            .storageType(StorageType.File)
                            .replicas(settings.replicas())
                            .build());
                } catch (JetStreamApiException raced) {
                    if (raced.getApiErrorCode() != 10058) {
                        throw raced;
                    }
                }
            }
        }
        readFromLeader(connection.jetStreamManagement(jsOptions), "KV_" + name);
        return connection.keyValue(name, KeyValueOptions.builder().jetStreamOptions(jsOptions).build());
    }

    /**
     * Turns Direct Get off for a bucket's stream: a direct read may be answered by a replica that has not
     * applied the latest write yet, and snapshots and subscription state must read what was just written.
     */
    private static void readFromLeader(JetStreamManagement jsm, String stream) throws IOException, JetStreamApiException {
        StreamConfiguration config = jsm.getStreamInfo(stream).getConfiguration();
        if (config.getAllowDirect()) {
            jsm.updateStream(StreamConfiguration.builder(config).allowDirect(false).build());
        }
    }

    NatsSettings natsSettings() {
        return settings;
    }

    /**
     * What decides durability and limits here: the replicas of the events stream and its storage, the
     * duplicate window, the server's version and {@code max_payload}, read from the server now.
     */
    @Override
    public Map<String, String> settings() {
        io.nats.client.api.StreamInfo info = calls.info(layout.eventsStream());
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        shown.put("server_version", connection.getServerInfo().getVersion());
        shown.put("replicas", Integer.toString(info.getConfiguration().getReplicas()));
        shown.put("storage", info.getConfiguration().getStorageType().toString());
        shown.put("duplicate_window", info.getConfiguration().getDuplicateWindow().toString());
        shown.put("max_payload", Long.toString(connection.getMaxPayload()));
        return shown;
    }

    Connection connection() {
        return connection;
    }

    StoreLayout layout() {
        return layout;
    }

    CommitReads reads() {
        return reads;
    }

    CommitWriter writer() {
        return writer;
    }

    /**
     * Subscriptions, scratch stores and the keys of crypto-shredding, and on a replicated store deletes of streams;
     * not {@link Capability#MULTI_STREAM_APPEND}, which needs an atomic publish of several messages, nor
     * {@link Capability#TRUNCATE_STREAMS}, which would cut a commit's message in two. Deletes need the appends
     * serialized across the store, as they are on a replicated store and not on one node (see the README).
     */
    @Override
    public Set<Capability> capabilities() {
        EnumSet<Capability> capabilities = EnumSet.of(Capability.SUBSCRIPTIONS, Capability.SCRATCH_STORES, Capability.KEY_STORAGE);
        if (deletes()) {
            capabilities.add(Capability.DELETE_STREAMS);
        }
        return capabilities;
    }

    /** Whether this store deletes streams: a replicated one, whose appends are serialized across the store. */
    private boolean deletes() {
        return settings.replicated();
    }

    private void requireDeletes() {
        if (!deletes()) {
            throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, describe()
                    + " (a store of one replica does not serialize its appends across the store, which a delete needs; use replicas=3)");
        }
    }

    @Override
    public Optional<KeyStorage> keyStorage() {
        return Optional.of(keys);
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.of(subscriptions);
    }

    @Override
    public AppendResult append(AppendRequest request) {
        return writer.append(request);
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return reads.readStream(stream, afterVersion, limit);
    }

    /**
     * The page, then the stream's state from its last message, read after the page: never below the page's last
     * version, and showing every delete written before it was read.
     */
    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        return reads.readStreamPage(stream, afterVersion, limit);
    }

    /** The version of the last event stored (a soft-deleted one included), empty when none is or the stream was deleted for good. */
    @Override
    public OptionalLong currentVersion(String stream) {
        Optional<Commit> last = reads.lastCommit(stream);
        return last.isEmpty() || last.get().state().hardDeleted() || last.get().lastVersion() < 0 ? OptionalLong.empty()
                : OptionalLong.of(last.get().lastVersion());
    }

    /** What the stream's last message says: every message carries the stream's marks as they stand after it. */
    @Override
    public StreamState streamState(String stream) {
        return reads.lastCommit(stream).map(Commit::state).orElse(StreamState.NEW);
    }

    /**
     * Writes the delete's mark (see {@link CommitWriter#delete}), then, for a hard delete, purges the stream's
     * messages below the mark; the snapshots go in both cases. A hard delete cut short between its mark and the
     * purge (a crash) leaves the events in the log until a delete of the stream is asked again: that finishes
     * the purge, then reports the stream as deleted.
     */
    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        requireDeletes();
        Optional<Commit> mark;
        try {
            mark = writer.delete(stream, expectedVersion, mode);
        } catch (StreamDeletedException deleted) {
            reads.lastCommit(stream).ifPresent(last -> purgeBelow(stream, last.seq()));
            throw deleted;
        }
        if (mark.isEmpty()) {
            return;
        }
        if (mode == DeleteMode.HARD) {
            purgeBelow(stream, mark.get().seq());
        }
        snapshots.clear(stream);
    }

    /** Records a copied stream's soft and hard delete (see {@link CommitWriter#restore}); a truncation is not supported here. */
    @Override
    public void restoreStreamState(String stream, StreamState state) {
        requireDeletes();
        if (state.truncatedBefore() > 0) {
            throw new UnsupportedCapabilityException(Capability.TRUNCATE_STREAMS, describe());
        }
        Optional<Commit> mark = writer.restore(stream, state);
        if (mark.isPresent() && state.hardDeleted()) {
            purgeBelow(stream, mark.get().seq());
            snapshots.clear(stream);
        }
    }

    /** The streams with a delete's mark, by name; one request per stream of the store (a listing for copies). */
    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        requireDeletes();
        List<StoredStreamState> removed = new ArrayList<>();
        for (String stream : streamNamesAfter(afterStream)) {
            if (removed.size() >= limit) {
                break;
            }
            StreamState state = streamState(stream);
            if (state.removed()) {
                removed.add(new StoredStreamState(stream, state));
            }
        }
        return removed;
    }

    /** Removes the messages of {@code stream} below sequence {@code seq} (its delete's mark). */
    private void purgeBelow(String stream, long seq) {
        try {
            calls.management().purgeStream(layout.eventsStream(),
                    PurgeOptions.builder().subject(layout.streamSubjects(stream)).sequence(seq).build());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("removing the messages of deleted stream " + stream, e);
        } finally {
            reads.dropParked();
        }
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        return reads.readAll(afterPosition, limit);
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        return reads.readAllBackward(beforePosition, limit);
    }

    @Override
    public long headPosition() {
        return reads.headPosition();
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        return snapshots.save(snapshot, retain);
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        return snapshots.snapshots(stream);
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        return snapshots.atOrBefore(stream, version);
    }

    @Override
    public void clearSnapshots(String stream) {
        snapshots.clear(stream);
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        List<StreamInfo> streams = new ArrayList<>();
        for (String stream : streamNamesAfter(afterStream)) {
            if (streams.size() >= limit) {
                break;
            }
            OptionalLong version = currentVersion(stream);
            if (version.isPresent()) {
                streams.add(new StreamInfo(stream, version.getAsLong(), snapshots.snapshots(stream).size()));
            }
        }
        return streams;
    }

    /** The names of the streams with a message, after {@code afterStream} (null: all), in name order. */
    private java.util.SortedSet<String> streamNamesAfter(@Nullable String afterStream) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (String subject : subjects().keySet()) {
            String stream = layout.streamOf(subject);
            if (afterStream == null || stream.compareTo(afterStream) > 0) {
                names.add(stream);
            }
        }
        return names;
    }

    private Map<String, Long> subjects() {
        try {
            io.nats.client.api.StreamInfo info = calls.management().getStreamInfo(layout.eventsStream(),
                    StreamInfoOptions.filterSubjects(layout.allEventSubjects()));
            Map<String, Long> subjects = info.getStreamState().getSubjectMap();
            return subjects == null ? Map.of() : subjects;
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamCalls.failed("listing the streams of " + layout.eventsStream(), e);
        }
    }

    @Override
    public BackendStats stats() {
        long streams = subjects().keySet().stream().map(layout::streamOf).distinct().count();
        long events = 0;
        long after = 0;
        while (true) {
            List<StoredEvent> page = reads.readAll(after, 1000);
            if (page.isEmpty()) {
                break;
            }
            events += page.size();
            after = page.get(page.size() - 1).position();
        }
        long snapshotCount = 0;
        for (String stream : snapshots.streams()) {
            snapshotCount += snapshots.snapshots(stream).size();
        }
        long bytes = calls.info(layout.eventsStream()).getStreamState().getByteCount()
                + calls.info(layout.idsStream()).getStreamState().getByteCount();
        return new BackendStats(streams, events, snapshotCount, reads.headPosition(), bytes);
    }

    @Override
    public String describe() {
        return settings.url();
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        try {
            subscriptions.close();
            reads.close();
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw new StorageException("Closing the NATS connection failed: " + e.getMessage(), e);
        }
    }
}
