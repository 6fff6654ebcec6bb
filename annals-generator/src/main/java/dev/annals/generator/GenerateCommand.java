package dev.annals.generator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code annals generate}: generates a store and its conformance test from a component definition,
 * or prints a component's JSON Schema or an example definition.
 *
 * <pre>
 * annals generate DEFINITION.json [--out DIR] [--package PKG] [--dry-run] [--force]
 * annals generate --schema infrastructure_snapshot_store
 * annals generate --example infrastructure_event_store
 * </pre>
 *
 * <p>A user error (a bad definition, an existing file, an unknown component) prints one line to
 * stderr and returns {@link #USER_ERROR}; warnings go to stderr as {@code warning: …} lines and do
 * not change the exit code. Not thread-safe; picocli makes one per run.
 */
@Command(name = "generate",
        description = {"Generates a snapshot store or event store class and its conformance test from a component"
                + " definition (JSON), or prints a component's JSON Schema or example.",
                "Components: infrastructure_snapshot_store, infrastructure_event_store."})
public final class GenerateCommand implements Callable<Integer> {

    /** The exit code of a user error. */
    public static final int USER_ERROR = 2;

    @Spec
    private @Nullable CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private @Nullable Mode mode;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Project directory to write src/main/java and src/test/java under (default: the current directory).")
    private Path out = Path.of(".");

    @Option(names = "--package", paramLabel = "PKG",
            description = "Package root: the store goes to PKG.infrastructure.snapshotstores (or .eventstores)."
                    + " Default: the definition's module up to its 'domain' segment.")
    private @Nullable String packageRoot;

    @SuppressWarnings("UnusedVariable") // declares -h for picocli, which sets it and prints the usage itself
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--dry-run", description = "List the files that would be written, and write nothing.")
    private boolean dryRun;

    @Option(names = "--force", description = "Overwrite existing files.")
    private boolean force;

    /** Exactly one of: a definition file, {@code --schema}, {@code --example}. */
    static final class Mode {

        @Parameters(paramLabel = "DEFINITION.json", description = "The component definition to generate from.")
        @Nullable Path definition;

        @Option(names = "--schema", paramLabel = "COMPONENT", description = "Print the JSON Schema of COMPONENT.")
        @Nullable String schema;

        @Option(names = "--example", paramLabel = "COMPONENT", description = "Print an example definition of COMPONENT.")
        @Nullable String example;
    }

    /** Runs the command on its own, outside the {@code annals} CLI. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GenerateCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec().commandLine().getOut();
        PrintWriter stderr = spec().commandLine().getErr();
        Mode chosen = java.util.Objects.requireNonNull(mode, "picocli requires one mode");
        try {
            if (chosen.schema != null) {
                stdout.print(component(chosen.schema).schema());
            } else if (chosen.example != null) {
                stdout.print(component(chosen.example).example());
            } else {
                generate(java.util.Objects.requireNonNull(chosen.definition), stdout, stderr);
            }
            stdout.flush();
            return 0;
        } catch (InvalidDefinitionException | OutputExistsException | UsageProblem e) {
            stderr.println(e.getMessage());
            return USER_ERROR;
        } catch (UncheckedIOException e) {
            stderr.println(e.getMessage());
            return 1;
        } finally {
            stderr.flush();
        }
    }

    private void generate(Path definition, PrintWriter stdout, PrintWriter stderr) {
        Generation generation = new Generator().generate(read(definition), fileName(definition), packageRoot);
        for (String warning : generation.warnings()) {
            stderr.println("warning: " + warning);
        }
        if (dryRun) {
            for (Path path : GeneratedFileWriter.targets(out, generation.files())) {
                stdout.println("would write " + path);
            }
            return;
        }
        for (Path path : GeneratedFileWriter.write(out, generation.files(), force)) {
            stdout.println("wrote " + path);
        }
    }

    private static String read(Path definition) {
        try {
            return Files.readString(definition, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageProblem("Definition file " + definition + " does not exist");
        } catch (IOException e) {
            throw new UsageProblem("Cannot read definition file " + definition + ": " + e.getMessage());
        }
    }

    private static String fileName(Path definition) {
        Path name = definition.getFileName();
        return name == null ? definition.toString() : name.toString();
    }

    private static ComponentKind component(String id) {
        Optional<ComponentKind> kind = ComponentKind.byId(id);
        return kind.orElseThrow(() -> new UsageProblem("Unknown component '" + id + "'; known components: " + ComponentKind.ids()));
    }

    private CommandSpec spec() {
        return java.util.Objects.requireNonNull(spec, "picocli injects the spec");
    }

    /** A user error outside the definition itself: a missing file, an unknown component. */
    private static final class UsageProblem extends RuntimeException {

        UsageProblem(String message) {
            super(message, null, false, false);
        }
    }
}
