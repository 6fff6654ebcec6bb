package dev.annals.testkit.selftest;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.Capability;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamPage;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A backend that forwards every call; the rule-breaking backends override the calls they break. */
abstract class ForwardingBackend implements StorageBackend {

    protected final StorageBackend delegate;

    ForwardingBackend(StorageBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public AppendResult append(AppendRequest request) {
        return delegate.append(request);
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        return delegate.appendAll(requests);
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return delegate.readStream(stream, afterVersion, limit);
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        return delegate.currentVersion(stream);
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        return delegate.readAll(afterPosition, limit);
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        return delegate.readAllBackward(beforePosition, limit);
    }

    @Override
    public long headPosition() {
        return delegate.headPosition();
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        return delegate.saveSnapshot(snapshot, retain);
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        return delegate.snapshots(stream);
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        return delegate.snapshotAtOrBefore(stream, version);
    }

    @Override
    public void clearSnapshots(String stream) {
        delegate.clearSnapshots(stream);
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        return delegate.listStreams(afterStream, limit);
    }

    @Override
    public BackendStats stats() {
        return delegate.stats();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return delegate.subscriptionStorage();
    }

    @Override
    public Optional<TransactionalCheckpoints> transactionalCheckpoints() {
        return delegate.transactionalCheckpoints();
    }

    @Override
    public StreamState streamState(String stream) {
        return delegate.streamState(stream);
    }

    /** Through {@link #readStream} and {@link #streamState}, so that a store overriding either breaks pages too. */
    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        return new StreamPage(readStream(stream, afterVersion, limit), streamState(stream));
    }

    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        delegate.deleteStream(stream, expectedVersion, mode);
    }

    @Override
    public void truncateBefore(String stream, long beforeVersion) {
        delegate.truncateBefore(stream, beforeVersion);
    }

    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        return delegate.streamStates(afterStream, limit);
    }

    @Override
    public void restoreStreamState(String stream, StreamState state) {
        delegate.restoreStreamState(stream, state);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** {@code event} at another position. */
    static StoredEvent at(StoredEvent event, long position) {
        return new StoredEvent(event.stream(), event.version(), position, event.eventId(), event.type(), event.schemaVersion(),
                event.recordedAt(), event.metadata(), event.payload());
    }
}
