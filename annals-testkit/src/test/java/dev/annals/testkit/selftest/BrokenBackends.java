package dev.annals.testkit.selftest;

import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.support.AppendDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Backends that each break exactly one rule of the contract, over a correct one; the kit's
 * self-test shows that the tests of that rule, and only those, fail against each.
 */
final class BrokenBackends {

    private BrokenBackends() {
    }

    /** Appends whatever version the stream has: the expected version is never checked. */
    static final class IgnoresExpectedVersion extends ForwardingBackend {

        IgnoresExpectedVersion(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            return delegate.append(unchecked(request));
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            return delegate.appendAll(requests.stream().map(IgnoresExpectedVersion::unchecked).toList());
        }

        private static AppendRequest unchecked(AppendRequest request) {
            return new AppendRequest(request.stream(), AppendRequest.ANY, request.events(), request.recordedAt());
        }
    }

    /** Stores every event at its append's recorded-at time, ignoring the time an event carries as its own. */
    static final class DropsOwnRecordedAt extends ForwardingBackend {

        DropsOwnRecordedAt(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            return delegate.append(withoutOwnTimes(request));
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            return delegate.appendAll(requests.stream().map(DropsOwnRecordedAt::withoutOwnTimes).toList());
        }

        private static AppendRequest withoutOwnTimes(AppendRequest request) {
            List<NewEvent> events = request.events().stream()
                    .map(e -> new NewEvent(e.eventId(), e.type(), e.schemaVersion(), e.metadata(), e.payload())).toList();
            return new AppendRequest(request.stream(), request.expectedVersion(), events, request.recordedAt());
        }
    }

    /** Keeps metadata, but every read returns the events without it. */
    static final class DropsMetadata extends ForwardingBackend {

        DropsMetadata(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
            return stripped(delegate.readStream(stream, afterVersion, limit));
        }

        @Override
        public List<StoredEvent> readAll(long afterPosition, int limit) {
            return stripped(delegate.readAll(afterPosition, limit));
        }

        @Override
        public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
            return stripped(delegate.readAllBackward(beforePosition, limit));
        }

        private static List<StoredEvent> stripped(List<StoredEvent> events) {
            return events.stream().map(e -> new StoredEvent(e.stream(), e.version(), e.position(), e.eventId(), e.type(),
                    e.schemaVersion(), e.recordedAt(), new byte[0], e.payload())).toList();
        }
    }

    /** Takes any run of stored events of the stream, in order, for a retry: a part of an earlier append too. */
    static final class AcceptsPartialRetry extends ForwardingBackend {

        AcceptsPartialRetry(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            Map<UUID, StoredEvent> stored = storedById(delegate, request.stream());
            List<StoredEvent> run = new ArrayList<>();
            for (NewEvent event : request.events()) {
                StoredEvent match = stored.get(event.eventId());
                if (match == null || !AppendDecision.sameContent(event, match)
                        || (!run.isEmpty() && match.version() != run.get(run.size() - 1).version() + 1)) {
                    return delegate.append(request);
                }
                run.add(match);
            }
            if (run.isEmpty()) {
                return delegate.append(request);
            }
            return new AppendResult(run.get(run.size() - 1).version(), run.stream().map(StoredEvent::position).toList(), true);
        }
    }

    /** Recognizes a retry by ids, types and payloads alone, whatever its metadata. */
    static final class IgnoresMetadataOnRetry extends ForwardingBackend {

        IgnoresMetadataOnRetry(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            try {
                return delegate.append(request);
            } catch (DuplicateEventIdException duplicate) {
                Map<UUID, StoredEvent> stored = storedById(delegate, request.stream());
                List<NewEvent> asStored = new ArrayList<>();
                for (NewEvent event : request.events()) {
                    StoredEvent match = stored.get(event.eventId());
                    if (match == null) {
                        throw duplicate;
                    }
                    asStored.add(new NewEvent(event.eventId(), event.type(), event.schemaVersion(), match.metadata(), event.payload()));
                }
                return delegate.append(new AppendRequest(request.stream(), request.expectedVersion(), asStored, request.recordedAt()));
            }
        }
    }

    /** Compares a retry's metadata byte for byte, system part included, so a retry from another trace is refused. */
    static final class ComparesSystemMetadataOnRetry extends ForwardingBackend {

        ComparesSystemMetadataOnRetry(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            Map<UUID, StoredEvent> stored = storedById(delegate, request.stream());
            for (NewEvent event : request.events()) {
                StoredEvent match = stored.get(event.eventId());
                if (match != null && !java.util.Arrays.equals(match.metadata(), event.metadata())) {
                    throw new DuplicateEventIdException(event.eventId(), request.stream(), "its metadata differs");
                }
            }
            return delegate.append(request);
        }
    }

    /** Refuses a reused id with a message that does not say which stream holds it. */
    static final class VagueDuplicateMessage extends ForwardingBackend {

        VagueDuplicateMessage(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            try {
                return delegate.append(request);
            } catch (DuplicateEventIdException duplicate) {
                throw new DuplicateEventIdException(duplicate.eventId(), request.stream(), "part of this append was stored before");
            }
        }
    }

    /**
     * Shows an event in the global log only some time after its append committed, and not in
     * commit order: a reader that has passed a later event never sees an earlier one published late.
     */
    static final class PublishesCommitsLate extends ForwardingBackend {

        private final Set<Long> published = ConcurrentHashMap.newKeySet();
        private final AtomicLong appends = new AtomicLong();

        PublishesCommitsLate(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            AppendResult result = delegate.append(request);
            if (appends.incrementAndGet() % 4 == 0) {
                try {
                    Thread.sleep(3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            published.addAll(result.positions());
            return result;
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            List<AppendResult> results = delegate.appendAll(requests);
            results.forEach(result -> published.addAll(result.positions()));
            return results;
        }

        @Override
        public List<StoredEvent> readAll(long afterPosition, int limit) {
            return delegate.readAll(afterPosition, limit).stream().filter(e -> published.contains(e.position())).toList();
        }
    }

    /** Keeps the snapshots it has once {@code retain} are kept, instead of the newest ones. */
    static final class KeepsOldestSnapshots extends ForwardingBackend {

        KeepsOldestSnapshots(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
            List<StoredSnapshot> kept = delegate.snapshots(snapshot.stream());
            if (kept.size() >= retain && snapshot.version() > kept.get(0).version()) {
                return false;
            }
            return delegate.saveSnapshot(snapshot, retain);
        }
    }

    /** Keeps every snapshot, whatever {@code retain} says. */
    static final class IgnoresRetain extends ForwardingBackend {

        IgnoresRetain(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
            return delegate.saveSnapshot(snapshot, Integer.MAX_VALUE);
        }
    }

    /** Stores event stream names as a Latin-1 column with a lossy driver would: every non-ASCII character becomes {@code ?}. */
    static final class StoresNamesAsAscii extends ForwardingBackend {

        StoresNamesAsAscii(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            return delegate.append(ascii(request));
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            return delegate.appendAll(requests.stream().map(StoresNamesAsAscii::ascii).toList());
        }

        @Override
        public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
            return delegate.readStream(ascii(stream), afterVersion, limit);
        }

        @Override
        public java.util.OptionalLong currentVersion(String stream) {
            return delegate.currentVersion(ascii(stream));
        }

        private static AppendRequest ascii(AppendRequest request) {
            return new AppendRequest(ascii(request.stream()), request.expectedVersion(), request.events(), request.recordedAt());
        }

        private static String ascii(String name) {
            return name.codePoints().mapToObj(cp -> cp < 0x80 ? Character.toString(cp) : "?").collect(Collectors.joining());
        }
    }

    /** Runs a multi-stream append as one append per stream: neither all or nothing, nor every conflict reported. */
    static final class AppendsStreamsOneByOne extends ForwardingBackend {

        AppendsStreamsOneByOne(StorageBackend delegate) {
            super(delegate);
        }

        @Override
        public List<AppendResult> appendAll(List<AppendRequest> requests) {
            List<AppendResult> results = new ArrayList<>();
            for (AppendRequest request : requests) {
                results.add(delegate.append(request));
            }
            return results;
        }
    }

    private static Map<UUID, StoredEvent> storedById(StorageBackend backend, String stream) {
        return backend.readStream(stream, -1, Integer.MAX_VALUE).stream()
                .collect(Collectors.toMap(StoredEvent::eventId, Function.identity()));
    }
}
