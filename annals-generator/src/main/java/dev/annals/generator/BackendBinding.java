package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The parts every backend-bound store shares: the category constant, the {@link dev.annals.Annals}
 * it opens from a URL and closes, the typed store it delegates to, and the URL check that binds it
 * to its backend. Not thread-safe; one per generated class.
 */
final class BackendBinding {

    private final StoreModel model;
    private final String delegateField;
    private final TypeName delegateType;

    BackendBinding(StoreModel model, String delegateField, TypeName delegateType) {
        this.model = model;
        this.delegateField = delegateField;
        this.delegateType = delegateType;
    }

    /** The class with its fields, implementing {@code storeInterface} and {@code AutoCloseable}. */
    TypeSpec.Builder classBuilder(TypeName storeInterface, String generatedDoc) {
        return TypeSpec.classBuilder(model.storeClass())
                .addJavadoc(SourceFiles.javadoc(model.description(), generatedDoc))
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(storeInterface)
                .addSuperinterface(ClassName.get("java.lang", "AutoCloseable"))
                .addField(FieldSpec.builder(String.class, "CATEGORY", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc("The stream category: the aggregate's streams are named {@code $L-<id>}.\n", model.category())
                        .initializer("$S", model.category()).build())
                .addField(SourceFiles.ANNALS, "annals", Modifier.PRIVATE, Modifier.FINAL)
                .addField(delegateType, delegateField, Modifier.PRIVATE, Modifier.FINAL);
    }

    /** A public constructor taking {@code url}, documented with {@code doc}. */
    MethodSpec.Builder constructor(String doc) {
        return MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(String.class, "url")
                .addJavadoc("$L\n", SourceFiles.wrapMember(doc))
                .addJavadoc("\n@throws $T when the store cannot be opened\n", ClassName.get("dev.annals", "StoreOpenException"));
    }

    /** {@code this.annals = Annals.open(requireUrl(url));} */
    CodeBlock open() {
        return CodeBlock.of("this.annals = $T.open(requireUrl(url))", SourceFiles.ANNALS);
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

    /** Adds {@code close()}, {@code toString()} and the URL check, and builds the class. */
    TypeSpec finish(TypeSpec.Builder type) {
        StoreType storeType = model.storeType();
        List<String> prefixes = storeType == StoreType.SQLITE ? List.of("sqlite:") : List.of("postgresql:", "postgres:");
        String check = prefixes.stream().map(prefix -> "url.startsWith(\"" + prefix + "\")").collect(Collectors.joining(" || "));
        return type
                .addMethod(MethodSpec.methodBuilder("close")
                        .addJavadoc("Closes the store it opened.\n")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .addStatement("annals.close()").build())
                .addMethod(MethodSpec.methodBuilder("toString")
                        .addAnnotation(SourceFiles.OVERRIDE)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(String.class)
                        .addStatement("return $S + $L", model.storeClass().simpleName() + "[", delegateField + " + \"]\"").build())
                .addMethod(MethodSpec.methodBuilder("requireUrl")
                        .addJavadoc("Binds this class to its backend; the URL itself is not echoed, as it may hold a password.\n")
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(String.class)
                        .addParameter(String.class, "url")
                        .addStatement("$T.requireNonNull(url, $S)", SourceFiles.INVALID_ARGUMENT, "store URL")
                        .addStatement("$T.require($L,$W$S)", SourceFiles.INVALID_ARGUMENT, check,
                                model.storeClass().simpleName() + " opens " + storeType.backendName() + " stores only: the URL must start with "
                                        + String.join(" or ", prefixes))
                        .addStatement("return url").build())
                .build();
    }
}
