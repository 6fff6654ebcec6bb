package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates an {@code infrastructure_snapshot_store}: the store class for its {@code store_type} and
 * its conformance test. Stateless.
 */
final class SnapshotStoreGenerator {

    private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
    private static final ClassName MAP = ClassName.get("java.util", "Map");
    private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");

    private SnapshotStoreGenerator() {
    }

    /** The store, then its test. */
    static List<GeneratedFile> generate(StoreModel model) {
        TypeSpec store = model.storeType().usesBackend() ? backendStore(model) : inMemoryStore(model);
        return List.of(SourceFiles.main(model, store), SourceFiles.test(model, ConformanceTestSpec.build(model)));
    }

    private static TypeName snapshot(StoreModel model) {
        return ParameterizedTypeName.get(model.snapshotWrapper(), model.idType().type(), model.valueType());
    }

    private static TypeName storeInterface(StoreModel model) {
        return ParameterizedTypeName.get(model.baseInterface(), model.idType().type(), model.valueType());
    }

    private static TypeSpec inMemoryStore(StoreModel model) {
        ClassName id = model.idType().type();
        TypeName snapshot = snapshot(model);
        TypeName kept = ParameterizedTypeName.get(LIST, snapshot);
        return TypeSpec.classBuilder(model.storeClass())
                .addJavadoc(SourceFiles.javadoc(model.description(), "<p>Keeps the newest {@code retain} snapshots of each "
                        + model.valueType().simpleName() + " in memory: a newer version wins, an older one is ignored, an"
                        + " equal one overwrites. It holds the state objects themselves, so state types should be"
                        + " immutable (records). Its contents die with it.\n\n<p>Thread-safe: every method holds the"
                        + " store's monitor."))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(storeInterface(model))
                .addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, id, kept), "snapshots", Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("The kept snapshots of each aggregate, newest first.\n")
                        .initializer("new $T<>()", HASH_MAP).build())
                .addField(TypeName.INT, "retain", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A store that keeps the newest snapshot of each aggregate.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addStatement("this(1)").build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("A store that keeps the newest {@code retain} snapshots of each aggregate.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(TypeName.INT, "retain")
                        .addStatement("$T.require(retain >= 1, $S + retain)", SourceFiles.INVALID_ARGUMENT,
                                "snapshot retention must be >= 1, was ")
                        .addStatement("this.retain = retain").build())
                .addMethod(MethodSpec.methodBuilder("saveSnapshot")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                        .addParameter(snapshot, "snapshot")
                        .addStatement("$T.requireNonNull(snapshot, $S)", SourceFiles.INVALID_ARGUMENT, "snapshot")
                        .addStatement("$T aggregateId = requireId(snapshot.aggregateId())", id)
                        .addComment("Raw types can smuggle in another aggregate's state; refuse it rather than store it. Read as an")
                        .addComment("Object, so that no cast inserted by the compiler fails first.")
                        .addStatement("$T state = snapshot.state()", Object.class)
                        .addStatement("$T.require(state instanceof $T,$W$S + state.getClass().getName() + $S + $T.class.getName())",
                                SourceFiles.INVALID_ARGUMENT, model.valueType(), "snapshot state of class ", " is not a ",
                                model.valueType())
                        .addStatement("$T kept = snapshots.computeIfAbsent(aggregateId, key -> new $T<>())", kept, ARRAY_LIST)
                        .beginControlFlow("if (!kept.isEmpty() && snapshot.version() < kept.get(0).version())")
                        .addStatement("return")
                        .endControlFlow()
                        .beginControlFlow("if (!kept.isEmpty() && snapshot.version() == kept.get(0).version())")
                        .addStatement("kept.set(0, snapshot)")
                        .nextControlFlow("else")
                        .addStatement("kept.add(0, snapshot)")
                        .endControlFlow()
                        .beginControlFlow("while (kept.size() > retain)")
                        .addStatement("kept.remove(kept.size() - 1)")
                        .endControlFlow()
                        .build())
                .addMethod(MethodSpec.methodBuilder("getLatestSnapshot")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                        .returns(ParameterizedTypeName.get(OPTIONAL, snapshot))
                        .addParameter(id, "aggregateId")
                        .addStatement("$T kept = snapshots.getOrDefault(requireId(aggregateId), $T.of())", kept, LIST)
                        .addStatement("return kept.isEmpty() ? $T.empty() : $T.of(kept.get(0))", OPTIONAL, OPTIONAL)
                        .build())
                .addMethod(MethodSpec.methodBuilder("getSnapshotAtOrBefore")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                        .returns(ParameterizedTypeName.get(OPTIONAL, snapshot))
                        .addParameter(id, "aggregateId")
                        .addParameter(TypeName.LONG, "version")
                        .beginControlFlow("for ($T snapshot : snapshots.getOrDefault(requireId(aggregateId), $T.of()))", snapshot, LIST)
                        .beginControlFlow("if (snapshot.version() <= version)")
                        .addStatement("return $T.of(snapshot)", OPTIONAL)
                        .endControlFlow()
                        .endControlFlow()
                        .addStatement("return $T.empty()", OPTIONAL)
                        .build())
                .addMethod(MethodSpec.methodBuilder("clearSnapshots")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                        .addParameter(id, "aggregateId")
                        .addStatement("snapshots.remove(requireId(aggregateId))")
                        .build())
                .addMethod(InMemoryParts.requireId(id))
                .build();
    }

    private static TypeSpec backendStore(StoreModel model) {
        ClassName id = model.idType().type();
        TypeName snapshot = snapshot(model);
        TypeName optional = ParameterizedTypeName.get(OPTIONAL, snapshot);
        TypeName delegate = ParameterizedTypeName.get(ClassName.get("dev.annals", "SnapshotStore"), id, model.valueType());
        BackendBinding binding = new BackendBinding(model, "delegate", delegate);
        TypeSpec.Builder type = binding.classBuilder(storeInterface(model),
                "<p>Keeps the snapshots of each " + model.valueType().simpleName() + " in the "
                        + model.storeType().backendName() + " store opened from the URL given at construction, in stream"
                        + " category {@code " + model.category() + "}: a newer version wins, an older one is ignored, an"
                        + " equal one overwrites; every read verifies the state's integrity hash.\n\n<p>Thread-safe. Close"
                        + " it at shutdown.");
        type.addMethod(binding.constructor("Opens the store at {@code url}, e.g. {@code " + model.storeType().exampleUrl()
                        + "}, keeping the newest snapshot of each aggregate.")
                .addStatement("this(url, 1)").build());
        type.addMethod(binding.constructor("Opens the store at {@code url}, keeping the newest {@code retain} snapshots of each"
                        + " aggregate.")
                .addParameter(TypeName.INT, "retain")
                .addComment("Checked before opening, so that a bad argument leaves nothing open.")
                .addStatement("$T.require(retain >= 1, $S + retain)", SourceFiles.INVALID_ARGUMENT,
                        "snapshot retention must be >= 1, was ")
                .addStatement(binding.open())
                .addStatement("this.delegate = annals.snapshotStore(CATEGORY, $L, $T.class, retain)",
                        model.idType().codec(), model.valueType())
                .build());
        type.addMethod(binding.delegating("saveSnapshot", TypeName.VOID, List.of(snapshot), List.of("snapshot")));
        type.addMethod(binding.delegating("getLatestSnapshot", optional, List.of(id), List.of("aggregateId")));
        type.addMethod(binding.delegating("getSnapshotAtOrBefore", optional, List.of(id, TypeName.LONG),
                List.of("aggregateId", "version")));
        type.addMethod(binding.delegating("clearSnapshots", TypeName.VOID, List.of(id), List.of("aggregateId")));
        return binding.finish(type);
    }
}
