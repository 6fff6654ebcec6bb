package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import javax.lang.model.element.Modifier;

/** Members the in-memory stores share. Stateless. */
final class InMemoryParts {

    private InMemoryParts() {
    }

    /**
     * {@code requireId(id)}: rejects a null id, and an id of another type smuggled in through raw
     * types. Takes an {@code Object} so that a generic getter's result reaches the check before any
     * cast the compiler would insert.
     */
    static MethodSpec requireId(ClassName id) {
        return MethodSpec.methodBuilder("requireId")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(id)
                .addParameter(Object.class, "aggregateId")
                .addStatement("$T.requireNonNull(aggregateId, $S)", SourceFiles.INVALID_ARGUMENT, "aggregate id")
                .addStatement("$T.require(aggregateId instanceof $T,$W$S + aggregateId.getClass().getName() + $S)",
                        SourceFiles.INVALID_ARGUMENT, id, "aggregate id of class ", " is not a " + id.canonicalName())
                .addStatement("return ($T) aggregateId", id)
                .build();
    }
}
