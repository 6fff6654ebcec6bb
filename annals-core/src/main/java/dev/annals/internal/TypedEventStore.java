package dev.annals.internal;

import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.RecordedEvent;
import dev.annals.StreamCategory;
import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.EventTypeInfo;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** The {@link EventStore} of one category over a byte-level backend. Thread-safe. */
public final class TypedEventStore<ID, E> implements EventStore<ID, E> {

    private final StorageBackend backend;
    private final StreamCategory<ID, E> category;
    private final EventSerializer serializer;

    public TypedEventStore(StorageBackend backend, StreamCategory<ID, E> category, EventSerializer serializer) {
        this.backend = backend;
        this.category = category;
        this.serializer = serializer;
    }

    @Override
    public AppendResult append(ID aggregateId, long expectedVersion, List<? extends EventData<? extends E>> events) {
        AppendRequest request = request(category, serializer, aggregateId, expectedVersion, events);
        try {
            return backend.append(request);
        } catch (EventStoreConflictException conflict) {
            throw conflict.withAggregateId(aggregateId);
        }
    }

    /** The byte-level request of a typed append, checked: nothing reaches the backend before every event serialized. */
    public static <ID, E> AppendRequest request(StreamCategory<ID, E> category, EventSerializer serializer, ID aggregateId,
            long expectedVersion, List<? extends EventData<? extends E>> events) {
        String stream = category.streamName(aggregateId);
        if (expectedVersion < ANY) {
            throw new InvalidArgumentException("expected version must be a version >= 0, NO_STREAM (-1) or ANY (-2), was " + expectedVersion);
        }
        InvalidArgumentException.requireNonNull(events, "events");
        List<NewEvent> records = new ArrayList<>(events.size());
        for (EventData<? extends E> data : events) {
            InvalidArgumentException.requireNonNull(data, "event");
            Object event = data.event();
            if (!category.eventType().isInstance(event)) {
                throw new InvalidArgumentException("event of class " + event.getClass().getName() + " is not a "
                        + category.eventType().getName() + " and cannot be appended to a " + category.name() + " stream");
            }
            EventTypeInfo info = serializer.infoFor(event);
            records.add(new NewEvent(data.eventId(), info.name(), info.schemaVersion(),
                    MetadataCodec.write(data.metadata()), serializer.serialize(event)));
        }
        return new AppendRequest(stream, expectedVersion, records, RecordedAtClock.next());
    }

    @Override
    public Stream<RecordedEvent<E>> readStream(ID aggregateId, long afterVersion) {
        String stream = category.streamName(aggregateId);
        return StreamPages.of(backend, stream, Math.max(afterVersion, -1)).map(this::decode);
    }

    @Override
    public OptionalLong getCurrentVersion(ID aggregateId) {
        return backend.currentVersion(category.streamName(aggregateId));
    }

    @SuppressWarnings("unchecked")
    private RecordedEvent<E> decode(StoredEvent stored) {
        return new RecordedEvent<>(stored.eventId(), stored.stream(), stored.type(), stored.version(), stored.position(),
                stored.recordedAt(), MetadataCodec.read(stored.metadata()), (E) serializer.deserialize(stored));
    }

    @Override
    public String toString() {
        return "EventStore[" + category.name() + " on " + backend.describe() + "]";
    }
}
