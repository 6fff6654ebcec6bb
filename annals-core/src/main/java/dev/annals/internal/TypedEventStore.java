package dev.annals.internal;

import dev.annals.AppendResult;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import dev.annals.InvalidArgumentException;
import dev.annals.RecordedEvent;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.StoreInfo;
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
import org.jspecify.annotations.Nullable;

/** The {@link EventStore} of one category over a byte-level backend. Thread-safe. */
public final class TypedEventStore<ID, E> implements EventStore<ID, E> {

    private final StorageBackend backend;
    private final StreamCategory<ID, E> category;
    private final EventSerializer serializer;
    private final Instrumentation instrumentation;
    private final StoreInfo store;

    public TypedEventStore(StorageBackend backend, StreamCategory<ID, E> category, EventSerializer serializer) {
        this(backend, category, serializer, Instrumentation.NONE, StoreInfo.of(backend));
    }

    /** A store whose appends and reads are reported to {@code instrumentation}. */
    public TypedEventStore(StorageBackend backend, StreamCategory<ID, E> category, EventSerializer serializer,
            Instrumentation instrumentation, StoreInfo store) {
        this.backend = backend;
        this.category = category;
        this.serializer = serializer;
        this.instrumentation = instrumentation;
        this.store = store;
    }

    /** Where this store reports, for the repository built over it. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /** The name of this store's category. */
    public String categoryName() {
        return category.name();
    }

    @Override
    public AppendResult append(ID aggregateId, long expectedVersion, List<? extends EventData<? extends E>> events) {
        int count = events == null ? 0 : events.size();
        Observation observation = instrumentation.start(new Operation.Append(store, category.name(), 1, count, expectedVersion));
        try {
            AppendRequest request = request(category, serializer, aggregateId, expectedVersion, events, observation.traceparent());
            AppendResult result = backend.append(request);
            observation.version(result.version());
            observation.end(Outcome.of(result), count, null);
            return result;
        } catch (EventStoreConflictException conflict) {
            observation.end(Outcome.CONFLICT, 0, conflict);
            throw conflict.withAggregateId(aggregateId);
        } catch (RuntimeException e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        }
    }

    /** The byte-level request of a typed append, checked: nothing reaches the backend before every event serialized. */
    public static <ID, E> AppendRequest request(StreamCategory<ID, E> category, EventSerializer serializer, ID aggregateId,
            long expectedVersion, List<? extends EventData<? extends E>> events) {
        return request(category, serializer, aggregateId, expectedVersion, events, null);
    }

    /**
     * The byte-level request of a typed append, as {@link #request(StreamCategory, EventSerializer, Object, long, List)},
     * storing {@code traceparent} (when not null) in each event's system metadata.
     */
    public static <ID, E> AppendRequest request(StreamCategory<ID, E> category, EventSerializer serializer, ID aggregateId,
            long expectedVersion, List<? extends EventData<? extends E>> events, @Nullable String traceparent) {
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
                    MetadataCodec.write(data.metadata(), traceparent), serializer.serialize(event, stream, data.eventId())));
        }
        return new AppendRequest(stream, expectedVersion, records, RecordedAtClock.next());
    }

    @Override
    public Stream<RecordedEvent<E>> readStream(ID aggregateId, long afterVersion) {
        String stream = category.streamName(aggregateId);
        return StreamPages.of(backend, stream, Math.max(afterVersion, -1), instrumentation, new Operation.ReadStream(store,
                category.name())).map(this::decode);
    }

    @Override
    public OptionalLong getCurrentVersion(ID aggregateId) {
        return backend.currentVersion(category.streamName(aggregateId));
    }

    @Override
    public void deleteStream(ID aggregateId, long expectedVersion, DeleteMode mode) {
        String stream = category.streamName(aggregateId);
        try {
            backend.deleteStream(stream, expectedVersion, mode);
        } catch (EventStoreConflictException conflict) {
            throw conflict.withAggregateId(aggregateId);
        }
    }

    @Override
    public void truncateBefore(ID aggregateId, long version) {
        backend.truncateBefore(category.streamName(aggregateId), version);
    }

    @Override
    public StreamState streamState(ID aggregateId) {
        return backend.streamState(category.streamName(aggregateId));
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
