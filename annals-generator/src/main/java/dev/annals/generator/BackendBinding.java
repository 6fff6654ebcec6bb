package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The parts every store bound to an Annals backend shares: the category constant, the
 * {@link dev.annals.Annals} it opens and the typed store it delegates to, so that the store's rules
 * (the append decision, snapshot retention, argument checks) are those of Annals and are never
 * re-coded in generated code. A {@code sqlite} or {@code postgres} store opens the URL it is given
 * with {@code Annals.open}, which alone parses store URLs, and is closed by its user; an
 * {@code in_memory} store opens {@code memory:} and needs no closing. Not thread-safe; one per
 * generated class.
 */
final class BackendBinding {

    private static final ClassName MAP = ClassName.get("java.util", "Map");
    private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");

    private final StoreModel model;
    private final String delegateField;
    private final TypeName delegateType;

    BackendBinding(StoreModel model, String delegateField, TypeName delegateType) {
        this.model = model;
        this.delegateField = delegateField;
        this.delegateType = delegateType;
    }

    private boolean inMemory() {
        return !model.storeType().usesBackend();
    }

    /** The class with its fields, implementing {@code storeInterface} (and {@code AutoCloseable} when it opens a URL). */
    TypeSpec.Builder classBuilder(TypeName storeInterface, String generatedDoc) {
        TypeSpec.Builder type = TypeSpec.classBuilder(model.storeClass())
                .addJavadoc(SourceFiles.javadoc(model.description(), generatedDoc))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(storeInterface);
        if (!inMemory()) {
            type.addSuperinterface(ClassName.get("java.lang", "AutoCloseable"));
        }
        type.addField(FieldSpec.builder(String.class, "CATEGORY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The stream category: the aggregate's streams are named {@code $L-<id>}.\n", model.category())
                        .initializer("$S", model.category()).build());
        if (!inMemory()) {
            type.addField(SourceFiles.ANNALS, "annals", Modifier.PRIVATE, Modifier.FINAL);
        }
        type.addField(delegateType, delegateField, Modifier.PRIVATE, Modifier.FINAL);
        if (!model.idType().builtIn()) {
            ClassName id = model.idType().type();
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, id, ClassName.get(String.class)), "keys",
                            Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The key of each id in its stream name: ids of a class without a text form are numbered.\n")
                    .initializer("new $T<>()", HASH_MAP).build());
            type.addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, ClassName.get(String.class), id), "ids",
                            Modifier.PRIVATE, Modifier.FINAL)
                    .initializer("new $T<>()", HASH_MAP).build());
        }
        return type;
    }

    /** A public constructor, taking {@code url} when the store opens one, documented with {@code doc}. */
    MethodSpec.Builder constructor(String doc) {
        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addJavadoc("$L\n", SourceFiles.wrapMember(doc));
        if (!inMemory()) {
            constructor.addParameter(String.class, "url")
                    .addJavadoc("\n@throws $T when the store cannot be opened\n", ClassName.get("dev.annals", "StoreOpenException"));
        }
        return constructor;
    }

    /**
     * {@code this.annals = Annals.open(url)}, or {@code Annals annals = Annals.open("memory:")} for an
     * in-memory store, which is never closed: its typed store keeps it as long as the store lives.
     */
    CodeBlock open() {
        return inMemory() ? CodeBlock.of("$T annals = $T.open($S)", SourceFiles.ANNALS, SourceFiles.ANNALS, "memory:")
                : CodeBlock.of("this.annals = $T.open(url)", SourceFiles.ANNALS);
    }

    /** {@code IdCodec.uuid()} and the like, or for an id class of the user's, a codec that numbers the ids. */
    CodeBlock idCodec() {
        if (model.idType().builtIn()) {
            return model.idType().codec();
        }
        return CodeBlock.of("$T.of($T.class, this::keyOf, this::idOf)", ClassName.get("dev.annals", "IdCodec"), model.idType().type());
    }

    /** A public method that hands its arguments to the typed store. */
    MethodSpec delegating(String name, TypeName returns, List<TypeName> types, List<String> names) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name)
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PUBLIC)
                .returns(returns);
        for (int i = 0; i < types.size(); i++) {
            method.addParameter(types.get(i), names.get(i));
        }
        String call = delegateField + "." + name + "(" + String.join(", ", names) + ")";
        return (returns.equals(TypeName.VOID) ? method.addStatement("$L", call) : method.addStatement("return $L", call)).build();
    }

    /** Adds {@code close()} (when the store opens a URL), {@code toString()} and the id numbering, and builds the class. */
    TypeSpec finish(TypeSpec.Builder type) {
        if (!inMemory()) {
            type.addMethod(MethodSpec.methodBuilder("close")
                    .addJavadoc("Closes the store it opened.\n")
                    .addAnnotation(SourceFiles.OVERRIDE)
                    .addModifiers(Modifier.PUBLIC)
                    .addStatement("annals.close()").build());
        }
        type.addMethod(MethodSpec.methodBuilder("toString")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S + $L", model.storeClass().simpleName() + "[", delegateField + " + \"]\"").build());
        if (!model.idType().builtIn()) {
            ClassName id = model.idType().type();
            type.addMethod(MethodSpec.methodBuilder("keyOf")
                    .addModifiers(Modifier.PRIVATE, Modifier.SYNCHRONIZED)
                    .returns(String.class)
                    .addParameter(id, "id")
                    .addStatement("$T key = keys.get(id)", String.class)
                    .beginControlFlow("if (key == null)")
                    .addStatement("key = $T.valueOf(keys.size())", String.class)
                    .addStatement("keys.put(id, key)")
                    .addStatement("ids.put(key, id)")
                    .endControlFlow()
                    .addStatement("return key").build());
            type.addMethod(MethodSpec.methodBuilder("idOf")
                    .addModifiers(Modifier.PRIVATE, Modifier.SYNCHRONIZED)
                    .returns(id)
                    .addParameter(String.class, "key")
                    .addStatement("return ids.get(key)").build());
        }
        return type.build();
    }
}
