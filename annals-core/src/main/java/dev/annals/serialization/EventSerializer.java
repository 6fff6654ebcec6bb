package dev.annals.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.InvalidArgumentException;
import dev.annals.SerializationException;
import dev.annals.UnknownEventTypeException;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns events into stored JSON and back: the type registry gives the name and schema version,
 * the upcasters bring old JSON up to the current version. Thread-safe.
 */
public final class EventSerializer {

    private final EventTypeRegistry registry;
    private final JsonCodec codec;
    private final Map<String, Upcaster> upcasters = new HashMap<>();
    private final Map<Class<?>, ObjectWriter> writers = new HashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new HashMap<>();

    public EventSerializer(EventTypeRegistry registry, JsonCodec codec, Collection<Upcaster> upcasters) {
        this.registry = registry;
        this.codec = codec;
        for (Upcaster upcaster : upcasters) {
            EventTypeInfo info = registry.find(upcaster.typeName()).orElseThrow(() -> new InvalidArgumentException(
                    "upcaster for unknown event type '" + upcaster.typeName() + "'"));
            InvalidArgumentException.require(upcaster.fromVersion() >= 1 && upcaster.fromVersion() < info.schemaVersion(),
                    "upcaster of '" + info.name() + "' from version " + upcaster.fromVersion()
                            + " is outside 1.." + (info.schemaVersion() - 1));
            String key = key(info.name(), upcaster.fromVersion());
            InvalidArgumentException.require(this.upcasters.put(key, upcaster) == null,
                    "two upcasters of '" + info.name() + "' from version " + upcaster.fromVersion());
        }
        for (EventTypeInfo info : registry.types()) {
            writers.put(info.eventClass(), codec.mapper().writerFor(info.eventClass()));
            readers.put(info.eventClass(), codec.mapper().readerFor(info.eventClass()));
        }
    }

    public EventSerializer(EventTypeRegistry registry) {
        this(registry, new JsonCodec(), List.of());
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    public JsonCodec codec() {
        return codec;
    }

    /** The stored form of {@code event}; throws {@code UnregisteredEventClassException} for an unknown class. */
    public EventTypeInfo infoFor(Object event) {
        return registry.infoFor(event.getClass());
    }

    public byte[] serialize(Object event) {
        ObjectWriter writer = writers.get(event.getClass());
        if (writer == null) {
            registry.infoFor(event.getClass()); // throws the typed error
            throw new IllegalStateException("no writer for registered class " + event.getClass().getName());
        }
        try {
            return writer.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new SerializationException("Cannot write event " + event.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a stored event into its current class, upcasting older schema versions. */
    public Object deserialize(StoredEvent stored) {
        EventTypeInfo info = registry.find(stored.type())
                .orElseThrow(() -> new UnknownEventTypeException(stored.type(), stored.stream()));
        ObjectReader reader = readers.get(info.eventClass());
        if (reader == null) {
            throw new IllegalStateException("no reader for registered class " + info.eventClass().getName());
        }
        try {
            if (stored.schemaVersion() == info.schemaVersion()) {
                return reader.readValue(stored.payload());
            }
            if (stored.schemaVersion() > info.schemaVersion()) {
                throw new SerializationException("Event " + stored.eventId() + " in stream " + stored.stream() + " has schema version "
                        + stored.schemaVersion() + " of '" + stored.type() + "', newer than this application's "
                        + info.schemaVersion(), null);
            }
            JsonNode tree = codec.mapper().readTree(stored.payload());
            for (int version = stored.schemaVersion(); version < info.schemaVersion(); version++) {
                Upcaster upcaster = upcasters.get(key(info.name(), version));
                if (upcaster == null) {
                    throw new SerializationException("No upcaster for '" + info.name() + "' from schema version " + version
                            + " (event " + stored.eventId() + " in stream " + stored.stream() + ")", null);
                }
                tree = upcaster.upcast((ObjectNode) tree);
            }
            return reader.readValue(tree);
        } catch (IOException e) {
            throw new SerializationException("Cannot read event " + stored.eventId() + " of type '" + stored.type()
                    + "' in stream " + stored.stream() + ": " + e.getMessage(), e);
        }
    }

    private static String key(String name, int version) {
        return name + '\u0000' + version;
    }
}
