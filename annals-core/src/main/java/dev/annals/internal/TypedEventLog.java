package dev.annals.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import dev.annals.SerializationException;
import dev.annals.StreamCategory;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.StoreInfo;
import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.JsonCodec;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The global log over a backend, decoding the events of known categories into their classes and
 * the rest into {@link JsonNode}. Thread-safe.
 */
public final class TypedEventLog implements EventLog {

    private static final JsonCodec RAW = new JsonCodec();

    private final StorageBackend backend;
    private final Map<StreamCategory<?, ?>, EventSerializer> categories;
    private final Instrumentation instrumentation;
    private final StoreInfo store;

    /** @param categories the categories whose events are decoded into their classes, with their serializers */
    public TypedEventLog(StorageBackend backend, Map<StreamCategory<?, ?>, EventSerializer> categories) {
        this(backend, categories, Instrumentation.NONE, StoreInfo.of(backend));
    }

    /** A log whose page reads are reported to {@code instrumentation}. */
    public TypedEventLog(StorageBackend backend, Map<StreamCategory<?, ?>, EventSerializer> categories,
            Instrumentation instrumentation, StoreInfo store) {
        this.backend = backend;
        this.categories = Map.copyOf(categories);
        this.instrumentation = instrumentation;
        this.store = store;
    }

    @Override
    public List<RecordedEvent<Object>> readAll(long afterPosition, int limit) {
        return decode(observed(() -> backend.readAll(afterPosition, limit)));
    }

    @Override
    public List<RecordedEvent<Object>> readAllBackward(long beforePosition, int limit) {
        return decode(observed(() -> backend.readAllBackward(beforePosition, limit)));
    }

    /** One page of the log, reported as {@link Operation.ReadLog}. */
    private List<StoredEvent> observed(Supplier<List<StoredEvent>> read) {
        Observation observation = instrumentation.start(new Operation.ReadLog(store));
        try {
            List<StoredEvent> page = read.get();
            observation.end(Outcome.OK, page.size(), null);
            return page;
        } catch (RuntimeException e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        }
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
