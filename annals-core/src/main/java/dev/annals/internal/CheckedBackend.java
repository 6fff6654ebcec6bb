package dev.annals.internal;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.Capability;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.StreamPage;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import dev.annals.spi.support.GroupCommit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the arguments of the storage SPI are checked and normalized, in front of
 * every backend, so that all backends answer the same inputs the same way (see
 * {@link StorageBackend}): nulls, malformed stream names and a {@code limit} below 1 are an
 * {@link InvalidArgumentException}; a negative {@code afterVersion} or {@code afterPosition} reads
 * from the start; {@code beforePosition} ≤ 1 and a negative snapshot version find nothing.
 *
 * <p>Thread-safe when the backend is.
 */
public final class CheckedBackend implements StorageBackend {

    private final StorageBackend backend;
    /** Whether streams may be deleted or truncated, so that reads must be bounded by {@link StreamState}. */
    private final boolean removes;

    private CheckedBackend(StorageBackend backend) {
        this.backend = backend;
        Set<Capability> capabilities = backend.capabilities();
        this.removes = capabilities.contains(Capability.DELETE_STREAMS) || capabilities.contains(Capability.TRUNCATE_STREAMS);
    }

    /** {@code backend} behind the checks, once. */
    public static StorageBackend of(StorageBackend backend) {
        InvalidArgumentException.requireNonNull(backend, "backend");
        return backend instanceof CheckedBackend ? backend : new CheckedBackend(backend);
    }

    @Override
    public AppendResult append(AppendRequest request) {
        return backend.append(InvalidArgumentException.requireNonNull(request, "append request"));
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        InvalidArgumentException.requireNonNull(requests, "appends");
        InvalidArgumentException.require(!requests.isEmpty(), "a multi-stream append needs at least one stream");
        Set<String> streams = new HashSet<>();
        Set<UUID> ids = new HashSet<>();
        long events = 0;
        long bytes = 0;
        for (AppendRequest request : requests) {
            InvalidArgumentException.requireNonNull(request, "append request");
            InvalidArgumentException.require(streams.add(request.stream()),
                    "stream " + Limits.shown(request.stream()) + " appears twice in one multi-stream append");
            for (NewEvent event : request.events()) {
                InvalidArgumentException.require(ids.add(event.eventId()),
                        "event id " + event.eventId() + " appears twice in one multi-stream append");
            }
            events += request.events().size();
            bytes += request.sizeBytes();
        }
        InvalidArgumentException.require(events <= Limits.MAX_APPEND_EVENTS,
                "an append holds at most " + Limits.MAX_APPEND_EVENTS + " events, this one " + events);
        InvalidArgumentException.require(bytes <= Limits.MAX_APPEND_BYTES,
                "an append holds at most " + Limits.MAX_APPEND_BYTES + " bytes of payload and metadata, this one " + bytes);
        if (!backend.capabilities().contains(Capability.MULTI_STREAM_APPEND)) {
            throw new UnsupportedCapabilityException(Capability.MULTI_STREAM_APPEND, backend.describe());
        }
        return List.copyOf(backend.appendAll(List.copyOf(requests)));
    }

    /**
     * Where a backend deletes or truncates streams, a read starts at the stream's
     * {@link StreamState#firstVersion()} and a deleted stream reads as empty: the one place where
     * what such a stream reads as is applied. The state comes with the page (one query); only a page
     * that began among hidden versions is read again, from the first visible one.
     */
    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        Limits.checkStreamName(stream, "stream name");
        checkLimit(limit);
        long after = Math.max(afterVersion, -1);
        if (!removes) {
            return backend.readStream(stream, after, limit);
        }
        while (true) {
            StreamPage page = backend.readStreamPage(stream, after, limit);
            StreamState state = page.state();
            if (page.events().isEmpty() || !state.exists()) {
                return List.of();
            }
            long lastHidden = state.firstVersion() - 1;
            if (after >= lastHidden) {
                return page.events();
            }
            after = lastHidden;
        }
    }

    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        Limits.checkStreamName(stream, "stream name");
        checkLimit(limit);
        return backend.readStreamPage(stream, Math.max(afterVersion, -1), limit);
    }

    /** Where a backend deletes or truncates streams, {@link StreamState#visibleVersion()}: empty for a deleted stream. */
    @Override
    public OptionalLong currentVersion(String stream) {
        Limits.checkStreamName(stream, "stream name");
        if (removes) {
            StreamState state = backend.streamState(stream);
            return state.exists() ? OptionalLong.of(state.lastVersion()) : OptionalLong.empty();
        }
        return backend.currentVersion(stream);
    }

    @Override
    public StreamState streamState(String stream) {
        Limits.checkStreamName(stream, "stream name");
        return removes ? backend.streamState(stream) : StreamState.of(backend.currentVersion(stream).orElse(-1));
    }

    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        Limits.checkStreamName(stream, "stream name");
        checkExpectedVersion(expectedVersion);
        InvalidArgumentException.requireNonNull(mode, "delete mode");
        if (!backend.capabilities().contains(Capability.DELETE_STREAMS)) {
            throw new UnsupportedCapabilityException(Capability.DELETE_STREAMS, backend.describe());
        }
        backend.deleteStream(stream, expectedVersion, mode);
    }

    @Override
    public void truncateBefore(String stream, long beforeVersion) {
        Limits.checkStreamName(stream, "stream name");
        InvalidArgumentException.require(beforeVersion >= 0, () -> "the version to truncate before must be >= 0, was " + beforeVersion);
        if (!backend.capabilities().contains(Capability.TRUNCATE_STREAMS)) {
            throw new UnsupportedCapabilityException(Capability.TRUNCATE_STREAMS, backend.describe());
        }
        backend.truncateBefore(stream, beforeVersion);
    }

    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        if (afterStream != null && !afterStream.isEmpty()) {
            Limits.checkStreamName(afterStream, "stream name to list after");
        }
        checkLimit(limit);
        if (!removes) {
            return List.of();
        }
        return backend.streamStates(afterStream, limit);
    }

    @Override
    public void restoreStreamState(String stream, StreamState state) {
        Limits.checkStreamName(stream, "stream name");
        InvalidArgumentException.requireNonNull(state, "stream state");
        Optional<Capability> missing = missingToKeep(state, backend.capabilities());
        if (missing.isPresent()) {
            throw new UnsupportedCapabilityException(missing.get(), backend.describe());
        }
        backend.restoreStreamState(stream, state);
    }

    /**
     * The capability a backend lacks to keep {@code state}'s marks, if any: {@link Capability#DELETE_STREAMS}
     * for a soft or hard delete, {@link Capability#TRUNCATE_STREAMS} for a truncation.
     */
    public static Optional<Capability> missingToKeep(StreamState state, Set<Capability> capabilities) {
        if ((state.deletedBefore() > 0 || state.hardDeleted() || !state.removed())
                && !capabilities.contains(Capability.DELETE_STREAMS)) {
            return Optional.of(Capability.DELETE_STREAMS);
        }
        if (state.truncatedBefore() > 0 && !capabilities.contains(Capability.TRUNCATE_STREAMS)) {
            return Optional.of(Capability.TRUNCATE_STREAMS);
        }
        return Optional.empty();
    }

    private static void checkExpectedVersion(long expectedVersion) {
        InvalidArgumentException.require(expectedVersion >= AppendRequest.ANY,
                () -> "expected version must be a version >= 0, NO_STREAM (-1) or ANY (-2), was " + expectedVersion);
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        return backend.readAll(Math.max(afterPosition, 0), checkLimit(limit));
    }

    @Override
    public LogPage readAll(long afterPosition, int limit, LogFilter filter) {
        InvalidArgumentException.requireNonNull(filter, "log filter");
        return backend.readAll(Math.max(afterPosition, 0), checkLimit(limit), filter);
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        checkLimit(limit);
        return beforePosition <= 1 ? List.of() : backend.readAllBackward(beforePosition, limit);
    }

    @Override
    public long headPosition() {
        return backend.headPosition();
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        if (afterStream != null && !afterStream.isEmpty()) {
            Limits.checkStreamName(afterStream, "stream name to list after");
        }
        return backend.listStreams(afterStream, checkLimit(limit));
    }

    @Override
    public BackendStats stats() {
        return backend.stats();
    }

    @Override
    public String describe() {
        return backend.describe();
    }

    @Override
    public Map<String, String> settings() {
        return backend.settings();
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        InvalidArgumentException.requireNonNull(snapshot, "snapshot");
        InvalidArgumentException.require(retain >= 1, () -> "snapshot retention must be >= 1, was " + retain);
        return backend.saveSnapshot(snapshot, retain);
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        return backend.snapshots(Limits.checkStreamName(stream, "stream name"));
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        Limits.checkStreamName(stream, "stream name");
        return version < 0 ? Optional.empty() : backend.snapshotAtOrBefore(stream, version);
    }

    @Override
    public void clearSnapshots(String stream) {
        backend.clearSnapshots(Limits.checkStreamName(stream, "stream name"));
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return backend.subscriptionStorage();
    }

    @Override
    public Optional<TransactionalCheckpoints> transactionalCheckpoints() {
        return backend.transactionalCheckpoints();
    }

    @Override
    public Optional<dev.annals.spi.KeyStorage> keyStorage() {
        return backend.keyStorage().map(CheckedKeyStorage::new);
    }

    @Override
    public Set<Capability> capabilities() {
        return backend.capabilities();
    }

    @Override
    public Optional<GroupCommit<?, ?>> groupCommit() {
        return backend.groupCommit();
    }

    @Override
    public Optional<DataSource> ownedPool() {
        return backend.ownedPool();
    }

    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return backend.toString();
    }

    private static int checkLimit(int limit) {
        InvalidArgumentException.require(limit >= 1, () -> "limit must be >= 1, was " + limit);
        return limit;
    }
}
