package dev.annals.serialization;

import dev.annals.EventType;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.UnregisteredEventClassException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps event classes to stable type names and back. Names come from {@link EventType} or from
 * explicit registration, never from the Java class name. Immutable and thread-safe.
 */
public final class EventTypeRegistry {

    private final Map<Class<?>, EventTypeInfo> byClass;
    private final Map<String, EventTypeInfo> byName;

    private EventTypeRegistry(Map<Class<?>, EventTypeInfo> byClass, Map<String, EventTypeInfo> byName) {
        this.byClass = Map.copyOf(byClass);
        this.byName = Map.copyOf(byName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registry of every concrete class of a sealed hierarchy (or of one annotated class),
     * each carrying {@link EventType}.
     */
    public static EventTypeRegistry of(Class<?> baseType) {
        return builder().registerHierarchy(baseType).build();
    }

    /** The stored form of {@code eventClass}; throws when it is not registered. */
    public EventTypeInfo infoFor(Class<?> eventClass) {
        EventTypeInfo info = byClass.get(eventClass);
        if (info == null) {
            throw new UnregisteredEventClassException(eventClass);
        }
        return info;
    }

    /** The class a stored type name (current or alias) reads into. */
    public Optional<EventTypeInfo> find(String typeName) {
        return Optional.ofNullable(byName.get(typeName));
    }

    public Collection<EventTypeInfo> types() {
        return byClass.values();
    }

    /** A registry holding the types of this one and of {@code other}. */
    public EventTypeRegistry merge(EventTypeRegistry other) {
        Builder builder = builder();
        types().forEach(builder::register);
        other.types().forEach(builder::register);
        return builder.build();
    }

    /** The concrete classes reachable from {@code type} through sealed {@code permits} clauses, and {@code type} itself when concrete. */
    public static List<Class<?>> concreteTypes(Class<?> type) {
        return Builder.concreteTypes(type);
    }

    /** Collects registrations; each call fails at once on a clash. Not thread-safe. */
    public static final class Builder {

        private final Map<Class<?>, EventTypeInfo> byClass = new LinkedHashMap<>();
        private final Map<String, EventTypeInfo> byName = new HashMap<>();

        private Builder() {
        }

        /** Registers {@code eventClass} under the name, version and aliases of its {@link EventType}. */
        public Builder register(Class<?> eventClass) {
            InvalidArgumentException.requireNonNull(eventClass, "event class");
            EventType annotation = eventClass.getAnnotation(EventType.class);
            if (annotation == null) {
                throw new UnregisteredEventClassException(eventClass);
            }
            return register(eventClass, annotation.value(), annotation.version(), annotation.aliases());
        }

        /** Registers {@code eventClass} under an explicit name, schema version and aliases. */
        public Builder register(Class<?> eventClass, String name, int schemaVersion, String... aliases) {
            return register(new EventTypeInfo(eventClass, name, schemaVersion, List.of(aliases)));
        }

        /**
         * Registers every concrete class reachable from {@code baseType} through sealed
         * {@code permits} clauses (or {@code baseType} itself when it is concrete).
         */
        public Builder registerHierarchy(Class<?> baseType) {
            InvalidArgumentException.requireNonNull(baseType, "event base type");
            for (Class<?> type : concreteTypes(baseType)) {
                register(type);
            }
            return this;
        }

        Builder register(EventTypeInfo info) {
            InvalidArgumentException.require(info.name() != null && !info.name().isBlank(),
                    "event type name of " + info.eventClass().getName() + " must not be blank");
            Limits.checkTypeName(info.name());
            InvalidArgumentException.require(info.schemaVersion() >= 1,
                    "schema version of " + info.name() + " must be >= 1, was " + info.schemaVersion());
            EventTypeInfo previous = byClass.get(info.eventClass());
            if (previous != null) {
                InvalidArgumentException.require(previous.equals(info),
                        "event class " + info.eventClass().getName() + " is registered twice with different names");
                return this;
            }
            List<String> names = new ArrayList<>(info.aliases());
            names.add(info.name());
            for (String name : names) {
                EventTypeInfo owner = byName.get(name);
                if (owner != null) {
                    throw new InvalidArgumentException("event type name '" + name + "' is used by both "
                            + owner.eventClass().getName() + " and " + info.eventClass().getName());
                }
            }
            byClass.put(info.eventClass(), info);
            names.forEach(name -> byName.put(name, info));
            return this;
        }

        public EventTypeRegistry build() {
            InvalidArgumentException.require(!byClass.isEmpty(), "an event type registry needs at least one event class");
            return new EventTypeRegistry(byClass, byName);
        }

        private static List<Class<?>> concreteTypes(Class<?> type) {
            List<Class<?>> result = new ArrayList<>();
            if (type.isSealed()) {
                for (Class<?> sub : type.getPermittedSubclasses()) {
                    result.addAll(concreteTypes(sub));
                }
            }
            if (!type.isInterface() && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                result.add(type);
            }
            return result;
        }
    }
}
