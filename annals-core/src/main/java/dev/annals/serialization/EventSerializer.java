package dev.annals.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.InvalidArgumentException;
import dev.annals.MasterKeyException;
import dev.annals.SerializationException;
import dev.annals.UnknownEventTypeException;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns events into stored JSON and back: the type registry gives the name and schema version,
 * the upcasters bring old JSON up to the current version. {@link dev.annals.PersonalData} values are
 * sealed and opened by a {@link PersonalDataCipher} ({@link #withCipher}); without one, an event
 * with a marked value is refused rather than stored in clear. Thread-safe.
 */
public final class EventSerializer {

    private final EventTypeRegistry registry;
    private final JsonCodec codec;
    private final Map<String, Upcaster> upcasters = new HashMap<>();
    private final Map<Class<?>, ObjectWriter> writers = new HashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new HashMap<>();
    private final Map<Class<?>, PersonalFields> personal = new HashMap<>();
    private final @Nullable PersonalDataCipher cipher;

    public EventSerializer(EventTypeRegistry registry, JsonCodec codec, Collection<Upcaster> upcasters) {
        this.registry = registry;
        this.codec = codec;
        this.cipher = null;
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
            personal.put(info.eventClass(), PersonalFields.of(info.eventClass()));
        }
    }

    private EventSerializer(EventSerializer serializer, PersonalDataCipher cipher) {
        this.registry = serializer.registry;
        this.codec = serializer.codec;
        this.upcasters.putAll(serializer.upcasters);
        this.writers.putAll(serializer.writers);
        this.readers.putAll(serializer.readers);
        this.personal.putAll(serializer.personal);
        this.cipher = cipher;
    }

    /** This serializer, sealing and opening personal data with {@code cipher}. */
    public EventSerializer withCipher(PersonalDataCipher cipher) {
        return new EventSerializer(this, InvalidArgumentException.requireNonNull(cipher, "cipher"));
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

    /**
     * The stored JSON of {@code event}, the event {@code eventId} of {@code stream}, its
     * {@link dev.annals.PersonalData} values sealed.
     *
     * @throws MasterKeyException when the event has personal data and there is no cipher (no master key)
     */
    public byte[] serialize(Object event, String stream, UUID eventId) {
        byte[] json = serialize(event);
        PersonalFields fields = personal.get(event.getClass());
        if (fields == null || fields.isEmpty()) {
            return json;
        }
        if (cipher == null) {
            throw new MasterKeyException("Event class " + event.getClass().getName() + " has @PersonalData values, and the store "
                    + "was opened without a KeyProvider; open it with Annals.open(url, keyProvider) to store them encrypted");
        }
        try {
            ObjectNode tree = (ObjectNode) codec.mapper().readTree(json);
            cipher.seal(tree, fields, stream, eventId, codec.mapper());
            return codec.mapper().writeValueAsBytes(tree);
        } catch (IOException | ClassCastException e) {
            throw new SerializationException("Cannot seal the personal data of " + event.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    /** The JSON of {@code event} as it is, nothing sealed; see {@link #serialize(Object, String, UUID)}. */
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
            JsonNode opened = null;
            if (PersonalDataCipher.mayHoldSealed(stored.payload())) {
                opened = codec.mapper().readTree(stored.payload());
                open(opened, stored);
            }
            if (stored.schemaVersion() == info.schemaVersion()) {
                return opened == null ? reader.readValue(stored.payload()) : reader.readValue(opened);
            }
            if (stored.schemaVersion() > info.schemaVersion()) {
                throw new SerializationException("Event " + stored.eventId() + " in stream " + stored.stream() + " has schema version "
                        + stored.schemaVersion() + " of '" + stored.type() + "', newer than this application's "
                        + info.schemaVersion(), null);
            }
            JsonNode tree = opened != null ? opened : codec.mapper().readTree(stored.payload());
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

    /** Opens the sealed values of a stored event in place; those of a forgotten subject become null. */
    private void open(JsonNode tree, StoredEvent stored) {
        if (cipher == null) {
            if (!PersonalDataCipher.holdsSealed(tree)) {
                return;
            }
            throw new MasterKeyException("Event " + stored.eventId() + " in stream " + stored.stream() + " holds encrypted personal "
                    + "data, and the store was opened without a KeyProvider; open it with Annals.open(url, keyProvider)");
        }
        cipher.open(tree, codec.mapper());
    }

    private static String key(String name, int version) {
        return name + '\u0000' + version;
    }
}
