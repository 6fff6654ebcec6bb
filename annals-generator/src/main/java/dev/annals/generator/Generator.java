package dev.annals.generator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import org.jspecify.annotations.Nullable;

/**
 * Generates a store and its conformance test from a definition's text. Pure: it reads and writes
 * no files ({@link GeneratedFileWriter} does). Thread-safe.
 *
 * <pre>{@code
 * Generation generation = new Generator().generate(json, "ticket_snapshot_store.json", null);
 * }</pre>
 */
public final class Generator {

    private final DefinitionValidator validator = new DefinitionValidator();

    /**
     * Validates the definition and generates its files.
     *
     * @param text the definition, JSON
     * @param source the definition's file name, named in the generated header and in messages
     * @param packageRoot the {@code --package} option, or null to derive the root from the definition
     * @throws InvalidDefinitionException with every problem found; nothing is generated then
     */
    public Generation generate(String text, String source, @Nullable String packageRoot) {
        JsonNode node = DefinitionReader.parse(text, source);
        ComponentKind kind = DefinitionReader.kindOf(node);
        List<DefinitionProblem> problems = new ArrayList<>(validator.validate(kind, node));
        if (packageRoot != null && !SourceVersion.isName(packageRoot)) {
            problems.add(new DefinitionProblem("--package", "'" + packageRoot + "' is not a valid Java package name"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(source, problems);
        }
        ComponentDefinition definition = ComponentDefinition.from(kind, node);
        StoreModel model = StoreModel.resolve(definition, packageRoot, source);
        List<GeneratedFile> files = kind == ComponentKind.SNAPSHOT_STORE
                ? SnapshotStoreGenerator.generate(model)
                : EventStoreGenerator.generate(model);
        List<String> warnings = NamingConvention.check(kind, definition.storeName()).stream().toList();
        return new Generation(kind, files, warnings);
    }
}
