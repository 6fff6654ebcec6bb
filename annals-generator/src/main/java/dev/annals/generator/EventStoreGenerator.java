package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.util.List;

/**
 * Generates an {@code infrastructure_event_store}: the store class for its {@code store_type} and its
 * conformance test. Stateless.
 */
final class EventStoreGenerator {

    static final ClassName EVENT_DATA = ClassName.get("dev.annals", "EventData");
    static final ClassName RECORDED_EVENT = ClassName.get("dev.annals", "RecordedEvent");
    static final ClassName APPEND_RESULT = ClassName.get("dev.annals", "AppendResult");
    static final ClassName LIST = ClassName.get("java.util", "List");
    static final ClassName STREAM = ClassName.get("java.util.stream", "Stream");
    static final ClassName OPTIONAL_LONG = ClassName.get("java.util", "OptionalLong");

    private EventStoreGenerator() {
    }

    /** The store, then its test. */
    static List<GeneratedFile> generate(StoreModel model) {
        TypeSpec store = store(model);
        return List.of(SourceFiles.main(model, store), SourceFiles.test(model, ConformanceTestSpec.build(model)));
    }

    /** {@code List<? extends EventData<? extends E>>}, the events parameter of {@code append}. */
    static TypeName eventsParameter(StoreModel model) {
        return ParameterizedTypeName.get(LIST, WildcardTypeName.subtypeOf(
                ParameterizedTypeName.get(EVENT_DATA, WildcardTypeName.subtypeOf(model.valueType()))));
    }

    /** {@code Stream<RecordedEvent<E>>}. */
    static TypeName recordedStream(StoreModel model) {
        return ParameterizedTypeName.get(STREAM, ParameterizedTypeName.get(RECORDED_EVENT, model.valueType()));
    }

    static TypeName storeInterface(StoreModel model) {
        return ParameterizedTypeName.get(model.baseInterface(), model.idType().type(), model.valueType());
    }

    private static TypeSpec store(StoreModel model) {
        ClassName id = model.idType().type();
        ClassName categoryClass = ClassName.get("dev.annals", "StreamCategory");
        TypeName delegate = ParameterizedTypeName.get(ClassName.get("dev.annals", "EventStore"), id, model.valueType());
        BackendBinding binding = new BackendBinding(model, "delegate", delegate);
        String events = model.valueType().simpleName();
        boolean inMemory = !model.storeType().usesBackend();
        TypeSpec.Builder type = binding.classBuilder(storeInterface(model), inMemory
                ? "<p>Keeps the event streams of each aggregate with " + events + " events in an in-memory Annals store"
                        + " ({@code memory:}), in stream category {@code " + model.category() + "}: its appends, retries"
                        + " and reads follow the rules of every Annals store. Events are stored as JSON, under the name"
                        + " of their {@code @EventType}, or else their class name. Its contents die with it.\n\n<p>Thread-safe."
                : "<p>Keeps the event streams of each aggregate with " + events + " events in the store opened from the"
                        + " URL given at construction (a " + model.storeType().backendName() + " store, e.g. {@code "
                        + model.storeType().exampleUrl() + "}), in stream category {@code " + model.category() + "}. The"
                        + " concrete event classes under {@code " + events + "} carry {@code @EventType}.\n\n<p>Thread-safe."
                        + " Close it at shutdown.");
        MethodSpec.Builder constructor = binding.constructor(inMemory ? "An empty store."
                : "Opens the store at {@code url}, e.g. {@code " + model.storeType().exampleUrl() + "}.");
        if (inMemory) {
            constructor.addStatement("$T category = $T.builder(CATEGORY,$W$L,$W$T.class)$Z.naming($T::getName)$Z.build()",
                    ParameterizedTypeName.get(categoryClass, id, model.valueType()), categoryClass, binding.idCodec(),
                    model.valueType(), ClassName.get(Class.class));
        } else {
            constructor.addComment("The category is built before opening: an unannotated event class then leaves nothing open.")
                    .addStatement("$T category = $T.of(CATEGORY, $L, $T.class)",
                            ParameterizedTypeName.get(categoryClass, id, model.valueType()), categoryClass, binding.idCodec(),
                            model.valueType());
        }
        type.addMethod(constructor
                .addStatement(binding.open())
                .addStatement("this.delegate = annals.eventStore(category)")
                .build());
        type.addMethod(binding.delegating("append", APPEND_RESULT, List.of(id, TypeName.LONG, eventsParameter(model)),
                List.of("aggregateId", "expectedVersion", "events")));
        type.addMethod(binding.delegating("readStream", recordedStream(model), List.of(id, TypeName.LONG),
                List.of("aggregateId", "afterVersion")));
        type.addMethod(binding.delegating("getCurrentVersion", OPTIONAL_LONG, List.of(id), List.of("aggregateId")));
        return binding.finish(type);
    }
}
