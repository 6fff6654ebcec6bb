package dev.annals.serialization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.annals.DataSubject;
import dev.annals.InvalidArgumentException;
import dev.annals.PersonalData;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a class (an event class or a snapshot state) keeps its {@link PersonalData}: the JSON paths
 * of its marked values, through nested records and classes of the application, and the property
 * named by {@link DataSubject}, if any. Found once per class. Immutable and thread-safe.
 */
public final class PersonalFields {

    private static final ClassValue<PersonalFields> FOUND = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return find(type);
        }
    };

    private final List<List<String>> paths;
    private final @Nullable String subjectProperty;

    private PersonalFields(List<List<String>> paths, @Nullable String subjectProperty) {
        this.paths = List.copyOf(paths);
        this.subjectProperty = subjectProperty;
    }

    /**
     * The personal data of {@code type}.
     *
     * @throws InvalidArgumentException when {@code type} has two {@link DataSubject}s, a nested or
     *     personal one, or a {@link DataSubject} but no {@link PersonalData}
     */
    public static PersonalFields of(Class<?> type) {
        return FOUND.get(type);
    }

    /** Whether the class has no marked values (then nothing is sealed). */
    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** The JSON property names leading to each marked value, from the root of the class's JSON object. */
    public List<List<String>> paths() {
        return paths;
    }

    /** The JSON property of the {@link DataSubject}, or null when the subject is the stream. */
    public @Nullable String subjectProperty() {
        return subjectProperty;
    }

    private static PersonalFields find(Class<?> type) {
        List<List<String>> paths = new ArrayList<>();
        collect(type, new ArrayList<>(), paths, new HashSet<>());
        String subject = null;
        for (Member member : members(type)) {
            if (member.element().isAnnotationPresent(DataSubject.class)) {
                InvalidArgumentException.require(subject == null, () -> type.getName() + " has two @DataSubject components");
                InvalidArgumentException.require(!member.element().isAnnotationPresent(PersonalData.class),
                        () -> "the @DataSubject " + member.jsonName() + " of " + type.getName()
                                + " cannot be @PersonalData: it must stay readable to find the subject's key");
                subject = member.jsonName();
            }
        }
        InvalidArgumentException.require(subject == null || !paths.isEmpty(),
                type.getName() + " has a @DataSubject but no @PersonalData value");
        return new PersonalFields(paths, subject);
    }

    private static void collect(Class<?> type, List<String> prefix, List<List<String>> paths, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        for (Member member : members(type)) {
            List<String> path = new ArrayList<>(prefix);
            path.add(member.jsonName());
            if (member.element().isAnnotationPresent(PersonalData.class)) {
                paths.add(List.copyOf(path));
            } else if (nested(member.type())) {
                collect(member.type(), path, paths, seen);
            }
            InvalidArgumentException.require(prefix.isEmpty() || !member.element().isAnnotationPresent(DataSubject.class),
                    () -> "@DataSubject " + String.join(".", path) + " must be a component of the event or state itself, not nested");
        }
        seen.remove(type);
    }

    /** A type whose own components may be marked: a record or class of the application, not the JDK's, not a container. */
    private static boolean nested(Class<?> type) {
        return !type.isPrimitive() && !type.isArray() && !type.isEnum() && !type.isInterface()
                && !type.getName().startsWith("java.") && !type.getName().startsWith("javax.");
    }

    private record Member(AnnotatedElement element, String jsonName, Class<?> type) {
    }

    private static List<Member> members(Class<?> type) {
        List<Member> members = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                members.add(new Member(component, jsonName(component, component.getName()), component.getType()));
            }
            return members;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                    members.add(new Member(field, jsonName(field, field.getName()), field.getType()));
                }
            }
        }
        return members;
    }

    private static String jsonName(AnnotatedElement element, String name) {
        JsonProperty property = element.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : name;
    }
}
