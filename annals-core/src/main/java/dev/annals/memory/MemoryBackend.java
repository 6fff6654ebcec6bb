package dev.annals.memory;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.support.RemovalDecision;
import dev.annals.EventStoreConflictException;
import dev.annals.MultiStreamConflictException;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.support.AppendDecision;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamPage;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.SubscriptionStorage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The reference backend: everything in memory, behaving exactly like a durable one. Stored bytes
 * are copied out (appended arrays belong to the backend by the SPI's contract), so nothing a
 * caller holds aliases the store. Appends are serialized by a
 * write lock, which also makes global positions follow commit order; readers share a read lock.
 *
 * <p>Thread-safe. Opened by {@code memory:} or by its constructor; its contents die with it.
 */
public final class MemoryBackend implements StorageBackend {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, List<StoredEvent>> streams = new TreeMap<>();
    private final List<StoredEvent> log = new ArrayList<>();
    private final Map<UUID, StoredEvent> byEventId = new HashMap<>();
    private final Map<String, List<StoredSnapshot>> snapshots = new HashMap<>();
    /** The deletes and truncations of streams, by stream; a hard-deleted stream has no entry in {@link #streams}. */
    private final TreeMap<String, StreamState> removals = new TreeMap<>();
    private final MemoryKeys keys = new MemoryKeys();
    private final MemorySubscriptions subscriptions = new MemorySubscriptions(this::headPosition, this::countAfter);
    /** The last position given; positions are never given twice. Guarded by the write lock. */
    private long lastPosition;
    private volatile boolean closed;

    @Override
    public AppendResult append(AppendRequest request) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            return decide(request).orElseGet(() -> write(request));
        } finally {
            lock.writeLock().unlock();
            subscriptions.signalAppend();
        }
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<Optional<AppendResult>> decided = new ArrayList<>(requests.size());
            List<EventStoreConflictException> conflicts = new ArrayList<>();
            for (AppendRequest request : requests) {
                try {
                    decided.add(decide(request));
                } catch (EventStoreConflictException conflict) {
                    conflicts.add(conflict);
                }
            }
            if (!conflicts.isEmpty()) {
                throw new MultiStreamConflictException(conflicts);
            }
            List<AppendResult> results = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                AppendRequest request = requests.get(i);
                results.add(decided.get(i).orElseGet(() -> write(request)));
            }
            return results;
        } finally {
            lock.writeLock().unlock();
            subscriptions.signalAppend();
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.MULTI_STREAM_APPEND, Capability.SUBSCRIPTIONS, Capability.SCRATCH_STORES,
                Capability.DELETE_STREAMS, Capability.TRUNCATE_STREAMS, Capability.KEY_STORAGE);
    }

    @Override
    public Optional<KeyStorage> keyStorage() {
        return Optional.of(keys);
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.of(subscriptions);
    }

    /** The number of events after {@code position}. */
    private long countAfter(long position) {
        lock.readLock().lock();
        try {
            return (long) log.size() - indexAfter(position);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The shared decision, under the write lock; empty when the append must be written. */
    private Optional<AppendResult> decide(AppendRequest request) {
        return AppendDecision.decide(request, state(request.stream()), new AppendDecision.Lookup<RuntimeException>() {
            @Override
            public List<StoredEvent> byIds(List<UUID> ids) {
                List<StoredEvent> found = new ArrayList<>();
                for (UUID id : ids) {
                    StoredEvent event = byEventId.get(id);
                    if (event != null) {
                        found.add(event);
                    }
                }
                return found;
            }

            @Override
            public Optional<StoredEvent> at(String name, long version) {
                List<StoredEvent> events = streams.getOrDefault(name, List.of());
                long index = indexOf(events, version);
                return index < 0 || index >= events.size() ? Optional.empty() : Optional.of(events.get((int) index));
            }
        });
    }

    /** Writes an append the decision allowed, under the write lock. */
    private AppendResult write(AppendRequest request) {
        long version = state(request.stream()).nextVersion();
        List<StoredEvent> stream = streams.computeIfAbsent(request.stream(), name -> new ArrayList<>());
        List<Long> positions = new ArrayList<>(request.events().size());
        for (NewEvent event : request.events()) {
            long position = ++lastPosition;
            StoredEvent record = new StoredEvent(request.stream(), version++, position, event.eventId(), event.type(),
                    event.schemaVersion(), request.recordedAtOf(event), event.metadata(), event.payload());
            stream.add(record);
            log.add(record);
            byEventId.put(record.eventId(), record);
            positions.add(position);
        }
        return new AppendResult(version - 1, positions, false);
    }

    /** The state of {@code stream}, under a lock. */
    private StreamState state(String stream) {
        List<StoredEvent> events = streams.get(stream);
        long last = events == null || events.isEmpty() ? -1 : events.get(events.size() - 1).version();
        StreamState removed = removals.get(stream);
        if (removed == null) {
            return StreamState.of(last);
        }
        return removed.hardDeleted() ? removed : StreamState.stored(last, removed.deletedBefore(), removed.truncatedBefore(), false);
    }

    /** The index in {@code events} (one stream's, contiguous versions) of {@code version}; negative when below the first. */
    private static long indexOf(List<StoredEvent> events, long version) {
        return events.isEmpty() ? -1 : version - events.get(0).version();
    }

    @Override
    public StreamState streamState(String stream) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return state(stream);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            StreamState state = state(stream);
            if (!RemovalDecision.decideDelete(stream, state, expectedVersion, mode)) {
                return;
            }
            snapshots.remove(stream);
            if (mode == DeleteMode.SOFT) {
                removals.put(stream, RemovalDecision.softDeleted(state));
                return;
            }
            removeEvents(stream, Long.MAX_VALUE);
            streams.remove(stream);
            removals.put(stream, new StreamState(state.lastVersion(), state.deletedBefore(), state.truncatedBefore(), true));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void truncateBefore(String stream, long beforeVersion) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            StreamState state = state(stream);
            List<StoredSnapshot> kept = snapshots.getOrDefault(stream, List.of());
            OptionalLong newest = kept.isEmpty() ? OptionalLong.empty() : OptionalLong.of(kept.get(0).version());
            if (!RemovalDecision.decideTruncate(stream, state, beforeVersion, newest)) {
                return;
            }
            removeEvents(stream, beforeVersion);
            removals.put(stream, RemovalDecision.truncated(state, beforeVersion));
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StoredStreamState> result = new ArrayList<>();
            for (String stream : afterStream == null ? removals.keySet() : removals.tailMap(afterStream, false).keySet()) {
                if (result.size() >= limit) {
                    break;
                }
                StreamState state = state(stream);
                if (state.removed()) {
                    result.add(new StoredStreamState(stream, state));
                }
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void restoreStreamState(String stream, StreamState restored) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> events = streams.getOrDefault(stream, List.of());
            OptionalLong first = events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(events.get(0).version());
            StreamState held = state(stream);
            if (!RemovalDecision.decideRestore(stream, held, first, restored)) {
                return;
            }
            removals.put(stream, restored.hardDeleted() ? restored
                    : StreamState.stored(held.lastVersion(), restored.deletedBefore(), restored.truncatedBefore(), false));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the events of {@code stream} below {@code beforeVersion} from it, the log and the id index, under the write lock. */
    private void removeEvents(String stream, long beforeVersion) {
        List<StoredEvent> events = streams.getOrDefault(stream, new ArrayList<>());
        events.removeIf(event -> {
            if (event.version() >= beforeVersion) {
                return false;
            }
            byEventId.remove(event.eventId());
            return true;
        });
        log.removeIf(event -> event.stream().equals(stream) && event.version() < beforeVersion);
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return page(stream, afterVersion, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The page and the state under one lock. */
    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> page = page(stream, afterVersion, limit);
            return page.isEmpty() ? StreamPage.EMPTY : new StreamPage(page, state(stream));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Up to {@code limit} events of {@code stream} after {@code afterVersion}, under a lock. */
    private List<StoredEvent> page(String stream, long afterVersion, int limit) {
        List<StoredEvent> events = streams.getOrDefault(stream, List.of());
        if (events.isEmpty() || afterVersion >= events.get(events.size() - 1).version()) {
            return List.of();
        }
        int from = (int) Math.max(indexOf(events, afterVersion + 1), 0);
        int to = (int) Math.min((long) from + limit, events.size());
        return copies(events.subList(from, to));
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> events = streams.get(stream);
            return events == null || events.isEmpty() ? OptionalLong.empty() : OptionalLong.of(events.get(events.size() - 1).version());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            int from = indexAfter(afterPosition);
            int to = (int) Math.min((long) from + limit, log.size());
            return copies(log.subList(from, to));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            int end = indexAfter(beforePosition - 1);
            int start = Math.max(end - limit, 0);
            List<StoredEvent> result = copies(log.subList(start, end));
            java.util.Collections.reverse(result);
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long headPosition() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return log.isEmpty() ? 0 : log.get(log.size() - 1).position();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StreamInfo> result = new ArrayList<>();
            var tail = afterStream == null ? streams : streams.tailMap(afterStream, false);
            for (var entry : tail.entrySet()) {
                if (result.size() >= limit) {
                    break;
                }
                if (!state(entry.getKey()).exists()) {
                    continue;
                }
                List<StoredEvent> events = entry.getValue();
                result.add(new StreamInfo(entry.getKey(), events.get(events.size() - 1).version(),
                        snapshots.getOrDefault(entry.getKey(), List.of()).size()));
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<StoredSnapshot> kept = snapshots.computeIfAbsent(snapshot.stream(), s -> new ArrayList<>());
            if (!kept.isEmpty() && snapshot.version() < kept.get(0).version()) {
                return false;
            }
            StoredSnapshot copy = copy(snapshot);
            if (!kept.isEmpty() && snapshot.version() == kept.get(0).version()) {
                kept.set(0, copy);
            } else {
                kept.add(0, copy);
            }
            while (kept.size() > retain) {
                kept.remove(kept.size() - 1);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return snapshots.getOrDefault(stream, List.of()).stream().map(MemoryBackend::copy).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return snapshots.getOrDefault(stream, List.of()).stream()
                    .filter(s -> s.version() <= version).findFirst().map(MemoryBackend::copy);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void clearSnapshots(String stream) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            snapshots.remove(stream);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public BackendStats stats() {
        lock.readLock().lock();
        try {
            ensureOpen();
            long snapshotCount = snapshots.values().stream().mapToLong(List::size).sum();
            return new BackendStats(streams.size(), log.size(), snapshotCount, log.isEmpty() ? 0 : log.get(log.size() - 1).position(), -1);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String describe() {
        return "memory:";
    }

    /** What a memory store's durability is: none, it lives in this process's heap. */
    @Override
    public Map<String, String> settings() {
        return Map.of("durability", "none: the store lives in this process's heap and ends with it");
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The index in the log of the first event with a position above {@code position}: positions increase, with holes. */
    private int indexAfter(long position) {
        int low = 0;
        int high = log.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (log.get(mid).position() <= position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void ensureOpen() {
        if (closed) {
            throw new dev.annals.StorageException("The in-memory store is closed");
        }
    }

    private static List<StoredEvent> copies(List<StoredEvent> events) {
        List<StoredEvent> result = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            result.add(new StoredEvent(e.stream(), e.version(), e.position(), e.eventId(), e.type(), e.schemaVersion(),
                    e.recordedAt(), e.metadata().clone(), e.payload().clone()));
        }
        return result;
    }

    private static StoredSnapshot copy(StoredSnapshot s) {
        return new StoredSnapshot(s.stream(), s.version(), s.createdAt(), s.fingerprint(), s.hash(), s.state().clone());
    }
}
