package dev.annals;

import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.EventTypeRegistry;
import dev.annals.serialization.JsonCodec;
import dev.annals.serialization.Upcaster;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One aggregate type as stored: its category name (the prefix of its stream names,
 * {@code category-id}), how its ids are written, and its event types. Immutable and thread-safe.
 *
 * @param <ID> the aggregate id type
 * @param <E> the base type of its events
 */
public final class StreamCategory<ID, E> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");

    private final String name;
    private final IdCodec<ID> ids;
    private final Class<E> eventType;
    private final @Nullable EventSerializer serializer;
    private final JsonCodec codec;

    private StreamCategory(String name, IdCodec<ID> ids, Class<E> eventType, @Nullable EventSerializer serializer, JsonCodec codec) {
        this.name = name;
        this.ids = ids;
        this.eventType = eventType;
        this.serializer = serializer;
        this.codec = codec;
    }

    /**
     * A category whose events are the concrete classes under {@code eventType} (a sealed hierarchy or
     * one class), each annotated with {@link EventType}.
     */
    public static <ID, E> StreamCategory<ID, E> of(String name, IdCodec<ID> ids, Class<E> eventType) {
        return builder(name, ids, eventType).build();
    }

    /** A category used only for snapshots: it has no event types. */
    static <ID> StreamCategory<ID, Object> snapshotsOnly(String name, IdCodec<ID> ids) {
        new Builder<>(name, ids, Object.class); // validates the name
        return new StreamCategory<>(name, ids, Object.class, null, new JsonCodec());
    }

    public static <ID, E> Builder<ID, E> builder(String name, IdCodec<ID> ids, Class<E> eventType) {
        return new Builder<>(name, ids, eventType);
    }

    public String name() {
        return name;
    }

    public IdCodec<ID> ids() {
        return ids;
    }

    public Class<E> eventType() {
        return eventType;
    }

    /** The serializer of its events; throws for a category made only for snapshots. */
    public EventSerializer serializer() {
        if (serializer == null) {
            throw new InvalidArgumentException("category " + name + " has no event types (it was made for snapshots only)");
        }
        return serializer;
    }

    /** The JSON codec of its events and snapshot states. */
    public JsonCodec codec() {
        return codec;
    }

    /** The stream name of an aggregate: {@code category-id}. */
    public String streamName(ID id) {
        InvalidArgumentException.requireNonNull(id, "aggregate id");
        InvalidArgumentException.require(ids.idType().isInstance(id),
                "aggregate id " + id + " is a " + id.getClass().getName() + ", not a " + ids.idType().getName());
        return name + '-' + ids.encode(id);
    }

    /** Whether {@code stream} belongs to this category. */
    public boolean contains(String stream) {
        return stream.length() > name.length() && stream.startsWith(name) && stream.charAt(name.length()) == '-';
    }

    /** The aggregate id of a stream of this category. */
    public ID idOf(String stream) {
        InvalidArgumentException.require(contains(stream), "stream " + stream + " is not in category " + name);
        return ids.decode(stream.substring(name.length() + 1));
    }

    @Override
    public String toString() {
        return "StreamCategory[" + name + "]";
    }

    /** Fails fast on each wrong call. Not thread-safe. */
    public static final class Builder<ID, E> {

        private final String name;
        private final IdCodec<ID> ids;
        private final Class<E> eventType;
        private @Nullable EventTypeRegistry registry;
        private JsonCodec codec = new JsonCodec();
        private final List<Upcaster> upcasters = new ArrayList<>();

        private Builder(String name, IdCodec<ID> ids, Class<E> eventType) {
            InvalidArgumentException.requireNonNull(name, "category name");
            InvalidArgumentException.require(NAME.matcher(name).matches(),
                    "category name '" + name + "' must start with a letter and hold only letters, digits, '_' and '.'");
            this.name = name;
            this.ids = InvalidArgumentException.requireNonNull(ids, "id codec");
            this.eventType = InvalidArgumentException.requireNonNull(eventType, "event type");
        }

        /** Uses an explicit registry instead of the annotated classes under the event type. */
        public Builder<ID, E> registry(EventTypeRegistry registry) {
            this.registry = InvalidArgumentException.requireNonNull(registry, "registry");
            return this;
        }

        public Builder<ID, E> codec(JsonCodec codec) {
            this.codec = InvalidArgumentException.requireNonNull(codec, "codec");
            return this;
        }

        public Builder<ID, E> upcaster(Upcaster upcaster) {
            upcasters.add(InvalidArgumentException.requireNonNull(upcaster, "upcaster"));
            return this;
        }

        public StreamCategory<ID, E> build() {
            EventTypeRegistry types = registry != null ? registry : EventTypeRegistry.of(eventType);
            for (var info : types.types()) {
                InvalidArgumentException.require(eventType.isAssignableFrom(info.eventClass()),
                        "event class " + info.eventClass().getName() + " is not a " + eventType.getName());
            }
            return new StreamCategory<>(name, ids, eventType, new EventSerializer(types, codec, upcasters), codec);
        }
    }
}
