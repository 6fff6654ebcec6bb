package dev.annals.memory;

import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.spi.AppendIdempotency;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
    private volatile boolean closed;

    @Override
    public AppendResult append(AppendRequest request) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> stored = new ArrayList<>();
            for (NewEvent event : request.events()) {
                StoredEvent existing = byEventId.get(event.eventId());
                if (existing != null) {
                    stored.add(existing);
                }
            }
            Optional<AppendResult> retry = AppendIdempotency.check(request, stored);
            if (retry.isPresent()) {
                return retry.get();
            }
            List<StoredEvent> stream = streams.get(request.stream());
            long current = stream == null ? -1 : stream.size() - 1;
            if (request.checksVersion() && request.expectedVersion() != current) {
                throw new EventStoreConflictException(request.stream(), request.expectedVersion(), current);
            }
            if (request.events().isEmpty()) {
                return new AppendResult(current, List.of(), false);
            }
            if (stream == null) {
                stream = new ArrayList<>();
                streams.put(request.stream(), stream);
            }
            List<Long> positions = new ArrayList<>(request.events().size());
            for (NewEvent event : request.events()) {
                long position = log.size() + 1L;
                StoredEvent record = new StoredEvent(request.stream(), stream.size(), position, event.eventId(), event.type(),
                        event.schemaVersion(), request.recordedAt(), event.metadata(), event.payload());
                stream.add(record);
                log.add(record);
                byEventId.put(record.eventId(), record);
                positions.add(position);
            }
            return new AppendResult(stream.size() - 1, positions, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> events = streams.get(stream);
            if (events == null || afterVersion >= events.size() - 1) {
                return List.of();
            }
            int from = (int) Math.max(afterVersion + 1, 0);
            int to = (int) Math.min((long) from + limit, events.size());
            return copies(events.subList(from, to));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StoredEvent> events = streams.get(stream);
            return events == null ? OptionalLong.empty() : OptionalLong.of(events.size() - 1);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            int from = (int) Math.min(Math.max(afterPosition, 0), log.size());
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
            int end = (int) Math.min(Math.max(beforePosition - 1, 0), log.size());
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
            return log.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StreamInfo> listStreams(String afterStream, int limit) {
        lock.readLock().lock();
        try {
            ensureOpen();
            List<StreamInfo> result = new ArrayList<>();
            var tail = afterStream == null ? streams : streams.tailMap(afterStream, false);
            for (var entry : tail.entrySet()) {
                if (result.size() >= limit) {
                    break;
                }
                result.add(new StreamInfo(entry.getKey(), entry.getValue().size() - 1,
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
            return new BackendStats(streams.size(), log.size(), snapshotCount, log.size(), -1);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String describe() {
        return "memory:";
    }

    @Override
    public void close() {
        closed = true;
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
