package dev.annals.generator;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.lang.model.element.Modifier;

/**
 * The generated test: {@code <StoreName>Test} extends the conformance suite (the definition's base
 * test class) and hands it stores and fresh ids. An in-memory store is new per test; a sqlite store
 * is one per test class, on a database in a temporary directory; a postgres store is one per test
 * class, on the server named by the environment variable {@code ANNALS_PG_URL}, and the class is
 * skipped when that is unset.
 * Event store tests build sample events with the testkit's {@code Samples}, cycling through the
 * concrete classes of the event type's sealed hierarchy, found reflectively. Stateless.
 */
final class ConformanceTestSpec {

    static final String PG_URL_VARIABLE = "ANNALS_PG_URL";

    private static final ClassName SAMPLES = ClassName.get("dev.annals.testkit", "Samples");
    private static final ClassName LIST = ClassName.get("java.util", "List");
    private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
    private static final ClassName PATH = ClassName.get("java.nio.file", "Path");
    private static final ClassName FILES = ClassName.get("java.nio.file", "Files");
    private static final ClassName SKIP_HOOK = ClassName.get("net.jqwik.api.lifecycle", "SkipExecutionHook");
    private static final ClassName CLASS = ClassName.get("java.lang", "Class");
    private static final ClassName REFLECT_MODIFIER = ClassName.get("java.lang.reflect", "Modifier");

    private ConformanceTestSpec() {
    }

    static TypeSpec build(StoreModel model) {
        boolean snapshots = model.kind() == ComponentKind.SNAPSHOT_STORE;
        ClassName id = model.idType().type();
        ClassName store = model.storeClass();
        TypeName storeInterface = ParameterizedTypeName.get(
                ClassName.get("dev.annals", snapshots ? "SnapshotStore" : "EventStore"), id, model.valueType());
        TypeSpec.Builder test = TypeSpec.classBuilder(model.testClass())
                .addJavadoc("Runs the $L conformance suite against {@link $T}.\n", snapshots ? "snapshot store" : "event store", store)
                .superclass(ParameterizedTypeName.get(model.baseTest(), id, model.valueType()));
        MethodSpec.Builder createStore = MethodSpec.methodBuilder("createStore")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PROTECTED)
                .returns(storeInterface);
        switch (model.storeType()) {
            case IN_MEMORY -> createStore.addStatement("return new $T()", store);
            case SQLITE -> {
                addSharedStore(test, store, CodeBlock.of("$S + temporaryDatabase()", "sqlite:"));
                createStore.addStatement("return Shared.STORE");
            }
            case POSTGRES -> {
                addSharedStore(test, store, CodeBlock.of("System.getenv($S)", PG_URL_VARIABLE));
                requireServer(test, model.testClass());
                createStore.addStatement("return Shared.STORE");
            }
            default -> throw new IllegalStateException("unknown store type " + model.storeType());
        }
        test.addMethod(createStore.build());
        test.addMethod(MethodSpec.methodBuilder("newAggregateId")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PROTECTED)
                .returns(id)
                .addStatement("return $L", model.idType().newId())
                .build());
        if (snapshots) {
            test.addMethod(MethodSpec.methodBuilder("stateType")
                    .addAnnotation(SourceFiles.OVERRIDE)
                    .addModifiers(Modifier.PROTECTED)
                    .returns(ParameterizedTypeName.get(CLASS, model.valueType()))
                    .addStatement("return $T.class", model.valueType())
                    .build());
        } else {
            addEventSamples(test, model.valueType());
        }
        if (model.storeType() == StoreType.SQLITE) {
            test.addMethod(temporaryDatabase());
        }
        return test.build();
    }

    /**
     * One store for the whole class, opened on first use and closed when the JVM exits. Shared, not
     * one per test: the suites use fresh ids and never clean up, and jqwik properties (which call
     * createStore per try) have no JUnit Jupiter lifecycle to close stores with.
     */
    private static void addSharedStore(TypeSpec.Builder test, ClassName store, CodeBlock url) {
        test.addType(TypeSpec.classBuilder("Shared")
                .addJavadoc("Holds the class's store; the holder idiom opens it once, on first use, thread-safely.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addField(FieldSpec.builder(store, "STORE", Modifier.STATIC, Modifier.FINAL)
                        .initializer("open()").build())
                .addMethod(MethodSpec.methodBuilder("open")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(store)
                        .addStatement("$T store = new $T($L)", store, store, url)
                        .addStatement("$T.getRuntime().addShutdownHook(new $T(store::close))", Runtime.class, Thread.class)
                        .addStatement("return store")
                        .build())
                .build());
    }

    /**
     * Skips the whole class when {@code ANNALS_PG_URL} is unset: JUnit Jupiter by its condition, and
     * jqwik (which runs the suites' properties and knows no Jupiter condition) by a skip hook. An
     * assumption inside a property would count as a rejected try and fail it as exhausted.
     */
    private static void requireServer(TypeSpec.Builder test, ClassName testClass) {
        String reason = PG_URL_VARIABLE + " is not set: no PostgreSQL server to test against";
        ClassName hook = testClass.nestedClass("RequiresServer");
        test.addAnnotation(AnnotationSpec.builder(ClassName.get("org.junit.jupiter.api.condition", "EnabledIfEnvironmentVariable"))
                        .addMember("named", "$S", PG_URL_VARIABLE)
                        .addMember("matches", "$S", ".+")
                        .addMember("disabledReason", "$S", reason)
                        .build())
                .addAnnotation(AnnotationSpec.builder(ClassName.get("net.jqwik.api.lifecycle", "AddLifecycleHook"))
                        .addMember("value", "$T.class", hook)
                        .build())
                .addType(TypeSpec.classBuilder(hook)
                        .addJavadoc("Skips the jqwik properties of this class when there is no server.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addSuperinterface(SKIP_HOOK)
                        .addMethod(MethodSpec.methodBuilder("shouldBeSkipped")
                                .addAnnotation(SourceFiles.OVERRIDE)
                                .addModifiers(Modifier.PUBLIC)
                                .returns(SKIP_HOOK.nestedClass("SkipResult"))
                                .addParameter(ClassName.get("net.jqwik.api.lifecycle", "LifecycleContext"), "context")
                                .addStatement("$T url = System.getenv($S)", String.class, PG_URL_VARIABLE)
                                .addStatement("return url == null || url.isBlank()$W? $T.skip($S)$W: $T.doNotSkip()",
                                        SKIP_HOOK.nestedClass("SkipResult"), reason, SKIP_HOOK.nestedClass("SkipResult"))
                                .build())
                        .build());
    }

    /** {@code temporaryDatabase()}: a database path in a new temporary directory, deleted when the JVM exits. */
    private static MethodSpec temporaryDatabase() {
        return MethodSpec.methodBuilder("temporaryDatabase")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(PATH)
                .beginControlFlow("try")
                .addStatement("$T directory = $T.createTempDirectory($S)", PATH, FILES, "annals-test-")
                .addComment("Registered before the files in it: deletion on exit runs in reverse order.")
                .addStatement("directory.toFile().deleteOnExit()")
                .beginControlFlow("for ($T suffix : $T.of($S, $S, $S, $S))", String.class, LIST, "", "-wal", "-shm", "-journal")
                .addStatement("directory.resolve($S + suffix).toFile().deleteOnExit()", "annals.db")
                .endControlFlow()
                .addStatement("return directory.resolve($S)", "annals.db")
                .nextControlFlow("catch ($T e)", IOException.class)
                .addStatement("throw new $T(e)", UncheckedIOException.class)
                .endControlFlow()
                .build();
    }

    private static void addEventSamples(TypeSpec.Builder test, ClassName event) {
        TypeName eventClass = ParameterizedTypeName.get(CLASS, WildcardTypeName.subtypeOf(event));
        TypeName eventClasses = ParameterizedTypeName.get(LIST, eventClass);
        test.addField(FieldSpec.builder(eventClasses, "EVENT_CLASSES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The concrete classes under {@link $T}, in declaration order.\n", event)
                .initializer("concreteClasses($T.class)", event)
                .build());
        test.addMethod(MethodSpec.methodBuilder("newEvent")
                .addJavadoc("A sample event; consecutive seeds cycle through the concrete event classes.\n")
                .addAnnotation(SourceFiles.OVERRIDE)
                .addModifiers(Modifier.PROTECTED)
                .returns(event)
                .addParameter(TypeName.INT, "seed")
                .beginControlFlow("if (EVENT_CLASSES.isEmpty())")
                .addStatement("throw new $T($S)", IllegalStateException.class, "no concrete class under " + event.simpleName()
                        + ": make it a record, or sealed over records")
                .endControlFlow()
                .addStatement("return $T.instance(EVENT_CLASSES.get($T.floorMod(seed, EVENT_CLASSES.size())), seed)",
                        SAMPLES, Math.class)
                .build());
        test.addMethod(MethodSpec.methodBuilder("concreteClasses")
                .addJavadoc("{@code type} itself when it is concrete, else the concrete classes of its sealed hierarchy.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(eventClasses)
                .addParameter(eventClass, "type")
                .addStatement("$T found = new $T<>()", eventClasses, ARRAY_LIST)
                .beginControlFlow("if (type.isSealed())")
                .beginControlFlow("for ($T permitted : type.getPermittedSubclasses())", ParameterizedTypeName.get(CLASS,
                        WildcardTypeName.subtypeOf(Object.class)))
                .addStatement("found.addAll(concreteClasses(permitted.asSubclass($T.class)))", event)
                .endControlFlow()
                .nextControlFlow("else if (!type.isInterface() && !$T.isAbstract(type.getModifiers()))", REFLECT_MODIFIER)
                .addStatement("found.add(type)")
                .endControlFlow()
                .addStatement("return found")
                .build());
    }
}
