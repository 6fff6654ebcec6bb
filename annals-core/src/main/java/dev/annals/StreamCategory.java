package dev.annals;

import dev.annals.serialization.EventSerializer;
import dev.annals.serialization.EventTypeRegistry;
import dev.annals.serialization.JsonCodec;
import dev.annals.serialization.Upcaster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** The serializer of its events; throws for a category made only for snapshots. Not API: used by {@link Annals}. */
    EventSerializer serializer() {
        if (serializer == null) {
            throw new InvalidArgumentException("category " + name + " has no event types (it was made for snapshots only)");
        }
        return serializer;
    }

    /** The JSON codec of its events and snapshot states. Not API: used by {@link Annals}. */
    JsonCodec codec() {
        return codec;
    }

    /**
     * The stream name of an aggregate: {@code category-id}.
     *
     * @throws InvalidArgumentException when the id is null, of another type, or its stream name breaks
     *     the rules of {@link Limits} (too long, not well-formed Unicode, a NUL)
     */
    public String streamName(ID id) {
        InvalidArgumentException.requireNonNull(id, "aggregate id");
        InvalidArgumentException.require(ids.idType().isInstance(id), () -> "aggregate id " + Limits.shown(String.valueOf(id))
                + " is a " + id.getClass().getName() + ", not a " + ids.idType().getName());
        return Limits.checkStreamName(name + '-' + ids.encode(id), "stream name of aggregate id");
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

    /**
     * Fails fast on each wrong call. Not thread-safe.
     *
     * <p>Each event class gets its stored name from, in this order: {@link #event(Class, String)},
     * its {@link EventType} annotation, the {@link #naming(EventNaming)} strategy when one was chosen.
     * The classes are those given to {@link #events} and {@link #event} when {@link #events} was
     * called, and otherwise the concrete ones under the event type (every class of a sealed
     * hierarchy, or the event type itself) and those named with {@link #event}.
     *
     * <p>Extension points: {@link #codec(JsonCodec)} (your own Jackson {@code ObjectMapper}) and
     * {@link #upcaster(Upcaster)} (reading events stored with an older schema version).
     */
    public static final class Builder<ID, E> {

        private final String name;
        private final IdCodec<ID> ids;
        private final Class<E> eventType;
        private final Map<Class<?>, String> named = new LinkedHashMap<>();
        private final Set<Class<?>> listed = new LinkedHashSet<>();
        private boolean onlyListed;
        private @Nullable EventNaming naming;
        private JsonCodec codec = new JsonCodec();
        private final List<Upcaster> upcasters = new ArrayList<>();

        private Builder(String name, IdCodec<ID> ids, Class<E> eventType) {
            InvalidArgumentException.requireNonNull(name, "category name");
            InvalidArgumentException.require(NAME.matcher(name).matches(), "category name " + Limits.shown(name)
                    + " must start with a letter and hold only letters, digits, '_' and '.'");
            InvalidArgumentException.require(name.length() <= 100, "category name " + Limits.shown(name) + " is longer than 100 characters");
            this.name = name;
            this.ids = InvalidArgumentException.requireNonNull(ids, "id codec");
            this.eventType = InvalidArgumentException.requireNonNull(eventType, "event type");
        }

        /** Stores {@code eventClass} under {@code typeName} (schema version 1), whether or not it has {@link EventType}. */
        public Builder<ID, E> event(Class<? extends E> eventClass, String typeName) {
            InvalidArgumentException.requireNonNull(eventClass, "event class");
            Limits.checkTypeName(typeName);
            InvalidArgumentException.require(eventType.isAssignableFrom(eventClass),
                    "event class " + eventClass.getName() + " is not a " + eventType.getName());
            InvalidArgumentException.require(named.putIfAbsent(eventClass, typeName) == null,
                    "event class " + eventClass.getName() + " is named twice");
            return this;
        }

        /**
         * Registers exactly these classes (and those named with {@link #event}) instead of every class
         * under the event type: for a base type that is not sealed, or to accept only some classes.
         */
        @SafeVarargs
        public final Builder<ID, E> events(Class<? extends E>... eventClasses) {
            InvalidArgumentException.requireNonNull(eventClasses, "event classes");
            for (Class<? extends E> eventClass : eventClasses) {
                InvalidArgumentException.requireNonNull(eventClass, "event class");
                InvalidArgumentException.require(eventType.isAssignableFrom(eventClass),
                        "event class " + eventClass.getName() + " is not a " + eventType.getName());
                listed.add(eventClass);
            }
            onlyListed = true;
            return this;
        }

        /** Names every event class that has no {@link EventType} and was not named with {@link #event}. */
        public Builder<ID, E> naming(EventNaming naming) {
            this.naming = InvalidArgumentException.requireNonNull(naming, "event naming");
            return this;
        }

        /** The JSON codec of the events and snapshot states; default {@link JsonCodec#JsonCodec()}. */
        public Builder<ID, E> codec(JsonCodec codec) {
            this.codec = InvalidArgumentException.requireNonNull(codec, "codec");
            return this;
        }

        /** Reads events stored with an older schema version of their type. */
        public Builder<ID, E> upcaster(Upcaster upcaster) {
            upcasters.add(InvalidArgumentException.requireNonNull(upcaster, "upcaster"));
            return this;
        }

        public StreamCategory<ID, E> build() {
            EventTypeRegistry.Builder types = EventTypeRegistry.builder();
            Set<Class<?>> classes = new LinkedHashSet<>(onlyListed ? listed : EventTypeRegistry.concreteTypes(eventType));
            classes.addAll(named.keySet());
            for (Class<?> type : classes) {
                String explicit = named.get(type);
                if (explicit != null) {
                    types.register(type, explicit, 1);
                } else if (type.isAnnotationPresent(EventType.class) || naming == null) {
                    types.register(type);
                } else {
                    types.register(type, Limits.checkTypeName(naming.nameOf(type)), 1);
                }
            }
            return new StreamCategory<>(name, ids, eventType, new EventSerializer(types.build(), codec, upcasters), codec);
        }
    }
}
