package dev.annals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.EventLog;
import dev.annals.InvalidArgumentException;
import dev.annals.RecordedEvent;
import dev.annals.SerializationException;
import dev.annals.StreamCategory;
import dev.annals.serialization.JsonCodec;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The global log over a backend, decoding the events of known categories into their classes and
 * the rest into {@link JsonNode}. Thread-safe.
 */
public final class TypedEventLog implements EventLog {

    private static final JsonCodec RAW = new JsonCodec();

    private final StorageBackend backend;
    private final List<StreamCategory<?, ?>> categories;

    public TypedEventLog(StorageBackend backend, List<StreamCategory<?, ?>> categories) {
        this.backend = backend;
        this.categories = List.copyOf(categories);
    }

    @Override
    public List<RecordedEvent<Object>> readAll(long fromPosition, int limit) {
        InvalidArgumentException.require(fromPosition >= 0, "fromPosition must be >= 0, was " + fromPosition);
        InvalidArgumentException.require(limit > 0, "limit must be > 0, was " + limit);
        return decode(backend.readAll(fromPosition, limit));
    }

    @Override
    public List<RecordedEvent<Object>> readAllBackward(long beforePosition, int limit) {
        InvalidArgumentException.require(beforePosition >= 0, "beforePosition must be >= 0, was " + beforePosition);
        InvalidArgumentException.require(limit > 0, "limit must be > 0, was " + limit);
        return decode(backend.readAllBackward(beforePosition, limit));
    }

    @Override
    public long headPosition() {
        return backend.headPosition();
    }

    private List<RecordedEvent<Object>> decode(List<StoredEvent> events) {
        List<RecordedEvent<Object>> result = new ArrayList<>(events.size());
        for (StoredEvent stored : events) {
            result.add(new RecordedEvent<>(stored.eventId(), stored.stream(), stored.type(), stored.version(), stored.position(),
                    stored.recordedAt(), MetadataCodec.read(stored.metadata()), payload(stored)));
        }
        return result;
    }

    private Object payload(StoredEvent stored) {
        for (StreamCategory<?, ?> category : categories) {
            if (category.contains(stored.stream())) {
                return category.serializer().deserialize(stored);
            }
        }
        try {
            return RAW.mapper().readTree(stored.payload());
        } catch (IOException e) {
            throw new SerializationException("Cannot read event " + stored.eventId() + " as JSON: " + e.getMessage(), e);
        }
    }
}
