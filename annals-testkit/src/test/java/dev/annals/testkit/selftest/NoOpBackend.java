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
import dev.annals.spi.StreamInfo;
import dev.annals.spi.SubscriptionStorage;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** A backend that accepts every write, keeps nothing and reads nothing; its subscription role keeps nothing either. */
final class NoOpBackend implements StorageBackend {

    private final SubscriptionStorage subscriptions = new NoOpSubscriptionStorage();

    @Override
    public AppendResult append(AppendRequest request) {
        return new AppendResult(-1, List.of(), false);
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        return requests.stream().map(request -> new AppendResult(-1, List.of(), false)).toList();
    }

    /** Claims the capabilities so that the kit runs, rather than skips, the tests of them. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.MULTI_STREAM_APPEND, Capability.SUBSCRIPTIONS, Capability.DELETE_STREAMS,
                Capability.TRUNCATE_STREAMS);
    }

    @Override
    public StreamState streamState(String stream) {
        return StreamState.NEW;
    }

    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        return StreamPage.EMPTY;
    }

    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
    }

    @Override
    public void truncateBefore(String stream, long beforeVersion) {
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.of(subscriptions);
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return List.of();
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        return OptionalLong.empty();
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        return List.of();
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        return List.of();
    }

    @Override
    public long headPosition() {
        return 0;
    }

    @Override
    public List<StreamInfo> listStreams(String afterStream, int limit) {
        return List.of();
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        return true;
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        return List.of();
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        return Optional.empty();
    }

    @Override
    public void clearSnapshots(String stream) {
    }

    @Override
    public BackendStats stats() {
        return new BackendStats(0, 0, 0, 0, -1);
    }

    @Override
    public String describe() {
        return "no-op:";
    }

    @Override
    public void close() {
    }
}
