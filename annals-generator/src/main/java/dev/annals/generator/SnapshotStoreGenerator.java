package dev.annals.generator;

import com.palantir.javapoet.ClassName;
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

    private SnapshotStoreGenerator() {
    }

    /** The store, then its test. */
    static List<GeneratedFile> generate(StoreModel model) {
        TypeSpec store = store(model);
        return List.of(SourceFiles.main(model, store), SourceFiles.test(model, ConformanceTestSpec.build(model)));
    }

    private static TypeName snapshot(StoreModel model) {
        return ParameterizedTypeName.get(model.snapshotWrapper(), model.idType().type(), model.valueType());
    }

    private static TypeName storeInterface(StoreModel model) {
        return ParameterizedTypeName.get(model.baseInterface(), model.idType().type(), model.valueType());
    }

    private static TypeSpec store(StoreModel model) {
        ClassName id = model.idType().type();
        TypeName snapshot = snapshot(model);
        TypeName optional = ParameterizedTypeName.get(OPTIONAL, snapshot);
        TypeName delegate = ParameterizedTypeName.get(ClassName.get("dev.annals", "SnapshotStore"), id, model.valueType());
        BackendBinding binding = new BackendBinding(model, "delegate", delegate);
        boolean inMemory = !model.storeType().usesBackend();
        String rules = ", in stream category {@code " + model.category() + "}: a newer version wins, an older one is"
                + " ignored, an equal one overwrites; every read verifies the state's integrity hash.";
        TypeSpec.Builder type = binding.classBuilder(storeInterface(model), inMemory
                ? "<p>Keeps the snapshots of each " + model.valueType().simpleName() + " in an in-memory Annals store"
                        + " ({@code memory:})" + rules + " States are stored as JSON. Its contents die with it.\n\n"
                        + "<p>Thread-safe."
                : "<p>Keeps the snapshots of each " + model.valueType().simpleName() + " in the store opened from the URL"
                        + " given at construction (a " + model.storeType().backendName() + " store, e.g. {@code "
                        + model.storeType().exampleUrl() + "})" + rules + "\n\n<p>Thread-safe. Close it at shutdown.");
        type.addMethod(binding.constructor(inMemory ? "A store that keeps the newest snapshot of each aggregate."
                        : "Opens the store at {@code url}, e.g. {@code " + model.storeType().exampleUrl()
                                + "}, keeping the newest snapshot of each aggregate.")
                .addStatement(inMemory ? "this(1)" : "this(url, 1)").build());
        type.addMethod(binding.constructor(inMemory ? "A store that keeps the newest {@code retain} snapshots of each aggregate."
                        : "Opens the store at {@code url}, keeping the newest {@code retain} snapshots of each aggregate.")
                .addParameter(TypeName.INT, "retain")
                .addComment("Checked before opening, so that a bad argument leaves nothing open.")
                .addStatement("$T.require(retain >= 1, $S + retain)", SourceFiles.INVALID_ARGUMENT,
                        "snapshot retention must be >= 1, was ")
                .addStatement(binding.open())
                .addStatement("this.delegate = annals.snapshotStore(CATEGORY, $L, $T.class, retain)",
                        binding.idCodec(), model.valueType())
                .build());
        type.addMethod(binding.delegating("saveSnapshot", TypeName.VOID, List.of(snapshot), List.of("snapshot")));
        type.addMethod(binding.delegating("getLatestSnapshot", optional, List.of(id), List.of("aggregateId")));
        type.addMethod(binding.delegating("getSnapshotAtOrBefore", optional, List.of(id, TypeName.LONG),
                List.of("aggregateId", "version")));
        type.addMethod(binding.delegating("clearSnapshots", TypeName.VOID, List.of(id), List.of("aggregateId")));
        return binding.finish(type);
    }
}
