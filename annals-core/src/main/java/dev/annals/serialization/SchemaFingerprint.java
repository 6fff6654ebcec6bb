package dev.annals.serialization;

import dev.annals.SnapshotRevision;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A short fingerprint of a state type's structure: the names and types of its record components
 * (or fields), recursively through nested types of the application. A snapshot is only used when
 * its fingerprint equals the current one, so changing the state's shape retires old snapshots
 * automatically. {@link SnapshotRevision} replaces the derived fingerprint with a declared one.
 */
public final class SchemaFingerprint {

    private SchemaFingerprint() {
    }

    public static String of(Class<?> stateType) {
        SnapshotRevision revision = stateType.getAnnotation(SnapshotRevision.class);
        if (revision != null) {
            return "rev:" + revision.value();
        }
        StringBuilder description = new StringBuilder();
        describe(stateType, description, new HashSet<>());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(description.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static void describe(Type type, StringBuilder out, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            describe(parameterized.getRawType(), out, seen);
            out.append('<');
            for (Type argument : parameterized.getActualTypeArguments()) {
                describe(argument, out, seen);
                out.append(',');
            }
            out.append('>');
        } else if (type instanceof GenericArrayType array) {
            describe(array.getGenericComponentType(), out, seen);
            out.append("[]");
        } else if (type instanceof Class<?> cls) {
            describeClass(cls, out, seen);
        } else {
            out.append(type.getTypeName());
        }
    }

    private static void describeClass(Class<?> cls, StringBuilder out, Set<Class<?>> seen) {
        if (cls.isArray()) {
            describe(cls.getComponentType(), out, seen);
            out.append("[]");
            return;
        }
        out.append(cls.getSimpleName());
        if (cls.isPrimitive() || cls.getName().startsWith("java.") || !seen.add(cls)) {
            return;
        }
        if (cls.isEnum()) {
            out.append('{');
            for (Object constant : cls.getEnumConstants()) {
                out.append(((Enum<?>) constant).name()).append(',');
            }
            out.append('}');
        } else if (cls.isRecord()) {
            out.append('(');
            for (RecordComponent component : cls.getRecordComponents()) {
                out.append(component.getName()).append(':');
                describe(component.getGenericType(), out, seen);
                out.append(';');
            }
            out.append(')');
        } else if (cls.isSealed()) {
            out.append('|');
            for (Class<?> permitted : cls.getPermittedSubclasses()) {
                describe(permitted, out, seen);
                out.append('|');
            }
        } else {
            out.append('(');
            for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                        out.append(field.getName()).append(':');
                        describe(field.getGenericType(), out, seen);
                        out.append(';');
                    }
                }
            }
            out.append(')');
        }
    }
}
