package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * The in-memory event store class: the full {@code EventStore} contract (expected-version checks,
 * {@code NO_STREAM}/{@code ANY}, idempotent retries by event id, global positions, lazy-looking
 * reads of copies), self-contained so that it needs no backend. Stateless.
 */
final class InMemoryEventStoreSpec {

    private static final ClassName MAP = ClassName.get("java.util", "Map");
    private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");
    private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
    private static final ClassName HASH_SET = ClassName.get("java.util", "HashSet");
    private static final ClassName SET = ClassName.get("java.util", "Set");
    private static final ClassName OPTIONAL = ClassName.get("java.util", "Optional");
    private static final ClassName UUID = ClassName.get("java.util", "UUID");
    private static final ClassName INSTANT = ClassName.get("java.time", "Instant");
    private static final ClassName CONFLICT = ClassName.get("dev.annals", "EventStoreConflictException");
    private static final ClassName DUPLICATE = ClassName.get("dev.annals", "DuplicateEventIdException");
    private static final ClassName EVENT_TYPE = ClassName.get("dev.annals", "EventType");
    private static final ClassName LONG = ClassName.get("java.lang", "Long");

    private InMemoryEventStoreSpec() {
    }

    static TypeSpec build(StoreModel model) {
        ClassName id = model.idType().type();
        ClassName event = model.valueType();
        TypeName recorded = ParameterizedTypeName.get(EventStoreGenerator.RECORDED_EVENT, event);
        TypeName stream = ParameterizedTypeName.get(EventStoreGenerator.LIST, recorded);
        return TypeSpec.classBuilder(model.storeClass())
                .addJavadoc(SourceFiles.javadoc(model.description(), "<p>Keeps the event streams of each aggregate with "
                        + event.simpleName() + " events in memory, with the whole {@code EventStore} contract: atomic"
                        + " appends checked against the expected version ({@code NO_STREAM}, {@code ANY}), idempotent"
                        + " retries by event id, and global positions in commit order. It holds the event objects"
                        + " themselves, so event types should be immutable (records); a retry is recognised by"
                        + " {@code equals}. Its contents die with it.\n\n<p>Thread-safe: every method holds the store's"
                        + " monitor, so appends are serialized."))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(EventStoreGenerator.storeInterface(model))
                .addField(FieldSpec.builder(String.class, "CATEGORY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The prefix of the stream names in {@link $T#streamId()}: {@code $L-<id>}.\n",
                                EventStoreGenerator.RECORDED_EVENT, model.category())
                        .initializer("$S", model.category()).build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, id, stream), "streams", Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T<>()", HASH_MAP).build())
                .addField(FieldSpec.builder(ParameterizedTypeName.get(MAP, UUID, recorded), "byEventId", Modifier.PRIVATE,
                                Modifier.FINAL)
                        .addJavadoc("Every stored event by its id: tells a retry from an id reused for another event.\n")
                        .initializer("new $T<>()", HASH_MAP).build())
                .addField(FieldSpec.builder(TypeName.LONG, "lastPosition", Modifier.PRIVATE)
                        .addJavadoc("The global position of the last stored event; positions start at 1.\n").build())
                .addMethod(append(model, id, recorded, stream))
                .addMethod(retryOf(model, recorded))
                .addMethod(readStream(model, id, stream))
                .addMethod(MethodSpec.methodBuilder("getCurrentVersion")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                        .returns(EventStoreGenerator.OPTIONAL_LONG)
                        .addParameter(id, "aggregateId")
                        .addStatement("$T events = streams.get(requireId(aggregateId))", stream)
                        .addStatement("return events == null ? $T.empty() : $T.of(events.size() - 1)",
                                EventStoreGenerator.OPTIONAL_LONG, EventStoreGenerator.OPTIONAL_LONG)
                        .build())
                .addMethod(MethodSpec.methodBuilder("typeName")
                        .addJavadoc("The stored type name: the {@code @EventType} name when the class has one, else its class name.\n")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(String.class)
                        .addParameter(Object.class, "event")
                        .addStatement("$T type = event.getClass().getAnnotation($T.class)", EVENT_TYPE, EVENT_TYPE)
                        .addStatement("return type != null ? type.value() : event.getClass().getName()")
                        .build())
                .addMethod(InMemoryParts.requireId(id))
                .build();
    }

    private static MethodSpec append(StoreModel model, ClassName id, TypeName recorded, TypeName stream) {
        ClassName event = model.valueType();
        TypeName data = ParameterizedTypeName.get(EventStoreGenerator.EVENT_DATA, com.palantir.javapoet.WildcardTypeName.subtypeOf(event));
        return MethodSpec.methodBuilder("append")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                .returns(EventStoreGenerator.APPEND_RESULT)
                .addParameter(id, "aggregateId")
                .addParameter(TypeName.LONG, "expectedVersion")
                .addParameter(EventStoreGenerator.eventsParameter(model), "events")
                .addStatement("requireId(aggregateId)")
                .addStatement("$T.require(expectedVersion >= ANY,$W$S + expectedVersion)", SourceFiles.INVALID_ARGUMENT,
                        "expected version must be a version >= 0, NO_STREAM (-1) or ANY (-2), was ")
                .addStatement("$T.requireNonNull(events, $S)", SourceFiles.INVALID_ARGUMENT, "events")
                .addStatement("$T streamId = CATEGORY + '-' + aggregateId", String.class)
                .addStatement("$T<$T> ids = new $T<>()", SET, UUID, HASH_SET)
                .beginControlFlow("for ($T data : events)", data)
                .addStatement("$T.requireNonNull(data, $S)", SourceFiles.INVALID_ARGUMENT, "event")
                .addStatement("$T event = data.event()", Object.class)
                .addStatement("$T.require(event instanceof $T,$W$S + event.getClass().getName() + $S + $T.class.getName())",
                        SourceFiles.INVALID_ARGUMENT, event, "event of class ", " is not a ", event)
                .addStatement("$T.require(ids.add(data.eventId()),$W$S + data.eventId() + $S)", SourceFiles.INVALID_ARGUMENT,
                        "event id ", " appears twice in one append")
                .endControlFlow()
                .addComment("A retry of an append that was already written returns its outcome and writes nothing.")
                .addStatement("$T<$T> retry = retryOf(streamId, expectedVersion, events)", OPTIONAL, EventStoreGenerator.APPEND_RESULT)
                .beginControlFlow("if (retry.isPresent())")
                .addStatement("return retry.get()")
                .endControlFlow()
                .addStatement("$T stored = streams.get(aggregateId)", stream)
                .addStatement("long current = stored == null ? NO_STREAM : stored.size() - 1")
                .addComment("Checked before anything is written, and for an empty append too.")
                .beginControlFlow("if (expectedVersion != ANY && expectedVersion != current)")
                .addStatement("throw new $T(aggregateId, expectedVersion, current)", CONFLICT)
                .endControlFlow()
                .beginControlFlow("if (events.isEmpty())")
                .addStatement("return new $T(current, $T.of(), false)", EventStoreGenerator.APPEND_RESULT, EventStoreGenerator.LIST)
                .endControlFlow()
                .beginControlFlow("if (stored == null)")
                .addStatement("stored = new $T<>()", ARRAY_LIST)
                .addStatement("streams.put(aggregateId, stored)")
                .endControlFlow()
                .addStatement("$T recordedAt = $T.now()", INSTANT, INSTANT)
                .addStatement("$T<$T> positions = new $T<>()", EventStoreGenerator.LIST, LONG, ARRAY_LIST)
                .beginControlFlow("for ($T data : events)", data)
                .addStatement("$T record = new $T<>(data.eventId(), streamId, typeName(data.event()),$Wstored.size(),"
                        + " ++lastPosition, recordedAt, data.metadata(), data.event())", recorded, EventStoreGenerator.RECORDED_EVENT)
                .addStatement("stored.add(record)")
                .addStatement("byEventId.put(record.eventId(), record)")
                .addStatement("positions.add(record.position())")
                .endControlFlow()
                .addStatement("return new $T(stored.size() - 1, positions, false)", EventStoreGenerator.APPEND_RESULT)
                .build();
    }

    /** The rule of {@code dev.annals.spi.AppendIdempotency}, on event objects instead of bytes. */
    private static MethodSpec retryOf(StoreModel model, TypeName recorded) {
        TypeName data = ParameterizedTypeName.get(EventStoreGenerator.EVENT_DATA,
                com.palantir.javapoet.WildcardTypeName.subtypeOf(model.valueType()));
        return MethodSpec.methodBuilder("retryOf")
                .addJavadoc("The original outcome when {@code events} were already written by one append to this stream (a\n"
                        + "retry); empty when none of their ids is stored.\n\n"
                        + "@throws $T when an id is reused for anything but an exact retry\n", DUPLICATE)
                .addModifiers(Modifier.PRIVATE)
                .returns(ParameterizedTypeName.get(OPTIONAL, EventStoreGenerator.APPEND_RESULT))
                .addParameter(String.class, "streamId")
                .addParameter(TypeName.LONG, "expectedVersion")
                .addParameter(EventStoreGenerator.eventsParameter(model), "events")
                .beginControlFlow("if (events.stream().noneMatch(data -> byEventId.containsKey(data.eventId())))")
                .addStatement("return $T.empty()", OPTIONAL)
                .endControlFlow()
                .addStatement("long firstVersion = -1")
                .addStatement("$T<$T> positions = new $T<>()", EventStoreGenerator.LIST, LONG, ARRAY_LIST)
                .beginControlFlow("for (int i = 0; i < events.size(); i++)")
                .addStatement("$T data = events.get(i)", data)
                .addStatement("$T stored = byEventId.get(data.eventId())", recorded)
                .beginControlFlow("if (stored == null)")
                .addStatement("throw new $T(data.eventId(), streamId,$W$S)", DUPLICATE,
                        "only part of this append was stored before; a retry must resend exactly the same events")
                .endControlFlow()
                .beginControlFlow("if (!stored.streamId().equals(streamId))")
                .addStatement("throw new $T(data.eventId(), streamId,$W$S + stored.streamId())", DUPLICATE,
                        "it already belongs to an event of stream ")
                .endControlFlow()
                .beginControlFlow("if (!stored.payload().equals(data.event()))")
                .addStatement("throw new $T(data.eventId(), streamId,$W$S)", DUPLICATE, "it already belongs to a different event")
                .endControlFlow()
                .beginControlFlow("if (i == 0)")
                .addStatement("firstVersion = stored.version()")
                .nextControlFlow("else if (stored.version() != firstVersion + i)")
                .addStatement("throw new $T(data.eventId(), streamId,$W$S)", DUPLICATE,
                        "the stored events with these ids are not one append in this order")
                .endControlFlow()
                .addStatement("positions.add(stored.position())")
                .endControlFlow()
                .beginControlFlow("if (expectedVersion != ANY && firstVersion != expectedVersion + 1)")
                .addStatement("throw new $T(events.get(0).eventId(), streamId,$W$S + firstVersion + $S + expectedVersion)",
                        DUPLICATE, "it was stored at version ", ", not after expected version ")
                .endControlFlow()
                .addStatement("return $T.of(new $T(firstVersion + events.size() - 1, positions, true))", OPTIONAL,
                        EventStoreGenerator.APPEND_RESULT)
                .build();
    }

    private static MethodSpec readStream(StoreModel model, ClassName id, TypeName stream) {
        return MethodSpec.methodBuilder("readStream")
                .addJavadoc("{@inheritDoc}\n\n<p>Reads a copy taken under the monitor, so that later appends do not show through.\n")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PUBLIC, Modifier.SYNCHRONIZED)
                .returns(EventStoreGenerator.recordedStream(model))
                .addParameter(id, "aggregateId")
                .addParameter(TypeName.LONG, "fromVersion")
                .addStatement("$T events = streams.getOrDefault(requireId(aggregateId), $T.of())", stream, EventStoreGenerator.LIST)
                .addComment("Compared before adding one, so that fromVersion = Long.MAX_VALUE cannot overflow.")
                .beginControlFlow("if (fromVersion >= events.size() - 1)")
                .addStatement("return $T.empty()", EventStoreGenerator.STREAM)
                .endControlFlow()
                .addStatement("int from = fromVersion < 0 ? 0 : (int) fromVersion + 1")
                .addStatement("return $T.copyOf(events.subList(from, events.size())).stream()", EventStoreGenerator.LIST)
                .build();
    }
}
