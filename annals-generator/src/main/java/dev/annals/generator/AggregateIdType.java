package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import org.jspecify.annotations.Nullable;

/**
 * The Java type of an aggregate's id, and how generated code writes and creates one.
 *
 * @param type the id class, e.g. {@code java.util.UUID}
 * @param codecMethod the {@code IdCodec} factory for it ({@code uuid}, {@code string}, {@code longs}),
 *     or null for a user's own id class, which only the in-memory stores support
 */
record AggregateIdType(ClassName type, @Nullable String codecMethod) {

    static final ClassName UUID = ClassName.get("java.util", "UUID");
    static final ClassName STRING = ClassName.get("java.lang", "String");
    static final ClassName LONG = ClassName.get("java.lang", "Long");

    /** True for UUID, String and Long, the ids every backend can store. */
    boolean builtIn() {
        return codecMethod != null;
    }

    /** {@code IdCodec.uuid()} and the like; only for {@link #builtIn()} ids. */
    CodeBlock codec() {
        return CodeBlock.of("$T.$L()", ClassName.get("dev.annals", "IdCodec"), codecMethod);
    }

    /**
     * An expression giving a fresh id, never given before, for the generated tests. Random values
     * rather than a counter: a PostgreSQL store outlives one test run.
     */
    CodeBlock newId() {
        if (type.equals(UUID)) {
            return CodeBlock.of("$T.randomUUID()", UUID);
        }
        if (type.equals(STRING)) {
            return CodeBlock.of("$T.randomUUID().toString()", UUID);
        }
        if (type.equals(LONG)) {
            return CodeBlock.of("$T.current().nextLong(1, $T.MAX_VALUE)",
                    ClassName.get("java.util.concurrent", "ThreadLocalRandom"), LONG);
        }
        // A user's own id class (a record): the testkit builds a distinct sample per seed.
        return CodeBlock.of("$T.instance($T.class, $T.current().nextInt(1, $T.MAX_VALUE))",
                ClassName.get("dev.annals.testkit", "Samples"), type,
                ClassName.get("java.util.concurrent", "ThreadLocalRandom"), ClassName.get("java.lang", "Integer"));
    }
}
