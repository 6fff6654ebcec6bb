package dev.annals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import dev.annals.SerializationException;
import dev.annals.StreamCategory;
import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.JsonCodec;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The global log over a backend, decoding the events of known categories into their classes and
 * the rest into {@link JsonNode}. Thread-safe.
 */
public final class TypedEventLog implements EventLog {

    private static final JsonCodec RAW = new JsonCodec();

    private final StorageBackend backend;
    private final Map<StreamCategory<?, ?>, EventSerializer> categories;

    /** @param categories the categories whose events are decoded into their classes, with their serializers */
    public TypedEventLog(StorageBackend backend, Map<StreamCategory<?, ?>, EventSerializer> categories) {
        this.backend = backend;
        this.categories = Map.copyOf(categories);
    }

    @Override
    public List<RecordedEvent<Object>> readAll(long afterPosition, int limit) {
        return decode(backend.readAll(afterPosition, limit));
    }

    @Override
    public List<RecordedEvent<Object>> readAllBackward(long beforePosition, int limit) {
        return decode(backend.readAllBackward(beforePosition, limit));
    }

    @Override
    public long headPosition() {
        return backend.headPosition();
    }

    /** Decodes stored events as {@link #readAll} returns them. */
    public List<RecordedEvent<Object>> decode(List<StoredEvent> events) {
        List<RecordedEvent<Object>> result = new ArrayList<>(events.size());
        for (StoredEvent stored : events) {
            result.add(new RecordedEvent<>(stored.eventId(), stored.stream(), stored.type(), stored.version(), stored.position(),
                    stored.recordedAt(), MetadataCodec.read(stored.metadata()), payload(stored)));
        }
        return result;
    }

    private Object payload(StoredEvent stored) {
        for (var category : categories.entrySet()) {
            if (category.getKey().contains(stored.stream())) {
                return category.getValue().deserialize(stored);
            }
        }
        try {
            return RAW.mapper().readTree(stored.payload());
        } catch (IOException e) {
            throw new SerializationException("Cannot read event " + stored.eventId() + " as JSON: " + e.getMessage(), e);
        }
    }
}
