package dev.annals.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Builds sample values of record types for tests, so that a suite can store states of a type it
 * has never seen (the generator's snapshot stores use it).
 *
 * <p>Every value derives from the seed: strings and numbers carry it, so two different seeds give
 * unequal instances of any record that has at least one such component (directly or nested).
 * Supported: records (recursively), {@code String}, primitives and their boxes, {@code BigDecimal},
 * {@code BigInteger}, {@code UUID}, {@code Instant}, {@code LocalDate}, {@code LocalDateTime},
 * {@code OffsetDateTime}, {@code Duration}, enums, sealed interfaces (their first permitted record),
 * {@code Optional}, and {@code List}, {@code Set}, {@code Collection} and {@code Map} (empty for even
 * seeds, one element for odd ones). Times are whole seconds, so they survive any store's precision.
 *
 * <p>Thread-safe (stateless).
 */
public final class Samples {

    private static final long EPOCH_2024 = 1_704_067_200L;

    private Samples() {
    }

    /**
     * An instance of {@code type} whose values derive from {@code seed}.
     *
     * @throws IllegalArgumentException naming the type when a component's type is not supported
     */
    public static <T> T instance(Class<T> type, int seed) {
        return type.cast(value(type, seed, type.getSimpleName()));
    }

    private static Object value(Type type, int seed, String path) {
        if (type instanceof ParameterizedType parameterized) {
            return generic(parameterized, seed, path);
        }
        if (type instanceof WildcardType wildcard) {
            return value(wildcard.getUpperBounds()[0], seed, path);
        }
        if (!(type instanceof Class<?> cls)) {
            throw unsupported(type, path);
        }
        Object scalar = scalar(cls, seed, path);
        if (scalar != null) {
            return scalar;
        }
        if (cls.isEnum()) {
            Object[] constants = cls.getEnumConstants();
            return constants[Math.floorMod(seed, constants.length)];
        }
        if (cls.isRecord()) {
            return record(cls, seed, path);
        }
        if (cls.isSealed()) {
            return value(cls.getPermittedSubclasses()[0], seed, path);
        }
        if (List.class == cls || Collection.class == cls || Set.class == cls || Map.class == cls || Optional.class == cls) {
            throw new IllegalArgumentException("Samples cannot build " + path + ": raw " + cls.getSimpleName()
                    + " has no element type");
        }
        throw unsupported(type, path);
    }

    /** A sample of a scalar class; null when {@code cls} is not one. */
    private static @Nullable Object scalar(Class<?> cls, int seed, String path) {
        if (cls == String.class) {
            return path + "-" + seed;
        }
        if (cls == int.class || cls == Integer.class) {
            return seed;
        }
        if (cls == long.class || cls == Long.class) {
            return 1_000_000_000_000L + seed;
        }
        if (cls == short.class || cls == Short.class) {
            return (short) seed;
        }
        if (cls == byte.class || cls == Byte.class) {
            return (byte) seed;
        }
        if (cls == double.class || cls == Double.class) {
            return seed + 0.5;
        }
        if (cls == float.class || cls == Float.class) {
            return seed + 0.25f;
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return seed % 2 != 0;
        }
        if (cls == char.class || cls == Character.class) {
            return (char) ('a' + Math.floorMod(seed, 26));
        }
        if (cls == BigDecimal.class) {
            return BigDecimal.valueOf(seed).add(new BigDecimal("0.25"));
        }
        if (cls == BigInteger.class) {
            return BigInteger.valueOf(seed);
        }
        if (cls == UUID.class) {
            return new UUID(0x5EEDL, seed);
        }
        if (cls == Instant.class) {
            return Instant.ofEpochSecond(EPOCH_2024 + seed);
        }
        if (cls == LocalDate.class) {
            return LocalDate.of(2024, 1, 1).plusDays(seed);
        }
        if (cls == LocalDateTime.class) {
            return LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(seed);
        }
        if (cls == OffsetDateTime.class) {
            return OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(seed);
        }
        if (cls == Duration.class) {
            return Duration.ofSeconds(seed);
        }
        return null;
    }

    private static Object generic(ParameterizedType type, int seed, String path) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] args = type.getActualTypeArguments();
        boolean one = seed % 2 != 0;
        if (raw == List.class || raw == Collection.class) {
            return one ? List.of(value(args[0], seed, path + "[0]")) : List.of();
        }
        if (raw == Set.class) {
            Set<Object> set = new LinkedHashSet<>();
            if (one) {
                set.add(value(args[0], seed, path + "[0]"));
            }
            return Set.copyOf(set);
        }
        if (raw == Map.class) {
            Map<Object, Object> map = new LinkedHashMap<>();
            if (one) {
                map.put(value(args[0], seed, path + ".key"), value(args[1], seed, path + ".value"));
            }
            return Map.copyOf(map);
        }
        if (raw == Optional.class) {
            return one ? Optional.of(value(args[0], seed, path)) : Optional.empty();
        }
        if (raw.isRecord()) {
            return record(raw, seed, path);
        }
        throw unsupported(type, path);
    }

    private static Object record(Class<?> cls, int seed, String path) {
        RecordComponent[] components = cls.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        List<Object> values = new ArrayList<>(components.length);
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values.add(value(components[i].getGenericType(), seed, components[i].getName()));
        }
        try {
            Constructor<?> constructor = cls.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values.toArray());
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Samples cannot build " + cls.getName() + " at " + path
                    + ": its constructor rejected " + values + " (" + e.getCause() + ")", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("Samples cannot build " + cls.getName() + " at " + path + ": " + e, e);
        }
    }

    private static IllegalArgumentException unsupported(Type type, String path) {
        return new IllegalArgumentException("Samples cannot build " + path + " of type " + type.getTypeName()
                + "; supported are records, strings, numbers, booleans, UUID, java.time values, enums, Optional, List, Set and Map");
    }
}
