package dev.annals.testkit.selftest;

import dev.annals.AppendResult;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named stores that outlive their {@code Annals}, as files would, for the kit's durability tests
 * against an in-memory backend: a store's committed events and its last given position are kept
 * here; opening replays the events into a fresh {@link MemoryBackend}, which numbers its own
 * positions, so reads translate them to the stored ones. A {@link Flaw} makes it break one rule.
 * Test code only; thread-safe.
 */
final class SimulatedDisk {

    /** The rule the simulated store breaks, if any. */
    enum Flaw {
        NONE,
        /** After a restart, numbers new events from the highest stored position, reusing removed ones. */
        NUMBERS_FROM_THE_HIGHEST_STORED_POSITION,
        /** Reads the log as a range of positions, {@code (after, after + limit]}, so a page stops at a hole. */
        READS_POSITION_RANGES
    }

    /** What a store keeps across restarts. */
    private static final class Files {
        final List<StoredEvent> events = new ArrayList<>();
        long lastPosition;
    }

    private final Flaw flaw;
    private final Map<String, Files> stores = new HashMap<>();

    SimulatedDisk(Flaw flaw) {
        this.flaw = flaw;
    }

    synchronized StorageBackend open(String name) {
        Files files = stores.computeIfAbsent(name, n -> new Files());
        return new Opened(files);
    }

    synchronized void remove(String name, List<Long> positions) {
        Files files = stores.get(name);
        if (files != null) {
            files.events.removeIf(e -> positions.contains(e.position()));
        }
    }

    /** One opened store: a memory backend holding the stored events, with positions translated. */
    private final class Opened extends ForwardingBackend {

        private final Files files;
        private final TreeMap<Long, Long> toStored = new TreeMap<>();
        private final TreeMap<Long, Long> toMemory = new TreeMap<>();
        private long lastPosition;

        Opened(Files files) {
            super(new MemoryBackend());
            this.files = files;
            for (StoredEvent e : files.events) {
                NewEvent event = new NewEvent(e.eventId(), e.type(), e.schemaVersion(), e.metadata(), e.payload());
                long memory = delegate.append(new AppendRequest(e.stream(), AppendRequest.ANY, List.of(event), e.recordedAt()))
                        .positions().get(0);
                map(memory, e.position());
            }
            lastPosition = flaw == Flaw.NUMBERS_FROM_THE_HIGHEST_STORED_POSITION
                    ? files.events.stream().mapToLong(StoredEvent::position).max().orElse(0)
                    : files.lastPosition;
        }

        @Override
        public AppendResult append(AppendRequest request) {
            synchronized (SimulatedDisk.this) {
                AppendResult result = delegate.append(request);
                if (result.duplicate()) {
                    return new AppendResult(result.version(), stored(result.positions()), true);
                }
                List<Long> positions = new ArrayList<>();
                for (long memory : result.positions()) {
                    long position = ++lastPosition;
                    map(memory, position);
                    positions.add(position);
                }
                files.lastPosition = lastPosition;
                delegate.readStream(request.stream(), result.version() - request.events().size(), request.events().size())
                        .forEach(e -> files.events.add(at(e, toStored.get(e.position()))));
                return new AppendResult(result.version(), positions, false);
            }
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            throw new UnsupportedOperationException("the simulated disk appends to one stream at a time");
        }

        @Override
        public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
            synchronized (SimulatedDisk.this) {
                return translated(delegate.readStream(stream, afterVersion, limit));
            }
        }

        @Override
        public List<StoredEvent> readAll(long afterPosition, int limit) {
            synchronized (SimulatedDisk.this) {
                var floor = toMemory.floorEntry(afterPosition);
                List<StoredEvent> page = translated(delegate.readAll(floor == null ? 0 : floor.getValue(), limit));
                if (flaw == Flaw.READS_POSITION_RANGES) {
                    page = page.stream().filter(e -> e.position() <= afterPosition + limit).toList();
                }
                return page;
            }
        }

        @Override
        public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
            synchronized (SimulatedDisk.this) {
                var ceiling = toMemory.ceilingEntry(beforePosition);
                long before = ceiling == null ? Long.MAX_VALUE : ceiling.getValue();
                List<StoredEvent> page = translated(delegate.readAllBackward(before, limit));
                if (flaw == Flaw.READS_POSITION_RANGES) {
                    page = page.stream().filter(e -> e.position() >= beforePosition - limit).toList();
                }
                return page;
            }
        }

        @Override
        public long headPosition() {
            synchronized (SimulatedDisk.this) {
                long head = delegate.headPosition();
                return head == 0 ? 0 : toStored.get(head);
            }
        }

        private void map(long memory, long stored) {
            toStored.put(memory, stored);
            toMemory.put(stored, memory);
        }

        private List<Long> stored(List<Long> memory) {
            return memory.stream().map(toStored::get).toList();
        }

        private List<StoredEvent> translated(List<StoredEvent> events) {
            return events.stream().map(e -> at(e, toStored.get(e.position()))).toList();
        }
    }
}
