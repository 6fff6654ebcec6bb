package dev.annals.cli;

import dev.annals.AggregateCatalog;
import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import dev.annals.VerifiableAggregate;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * The {@code --classpath} option of the commands that check snapshots: jars and directories whose
 * {@link AggregateCatalog}s (found with {@link ServiceLoader}, as are those on the command's own
 * class path) name the aggregate types whose snapshots are checked against a fold of their events.
 */
final class CatalogOption {

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATHS",
            description = "Jars and directories (separated by ':', or ';' on Windows) holding your aggregates and an "
                    + "AggregateCatalog listed in META-INF/services/dev.annals.AggregateCatalog; ANNALS_CLASSPATH does the "
                    + "same for the ./annals script.")
    String classpath;

    /** The verification with every catalog found; the class loader stays open until the JVM ends (the command is short-lived). */
    SnapshotVerification verification(Annals annals) {
        List<VerifiableAggregate<?, ?, ?>> aggregates = new ArrayList<>();
        try {
            for (AggregateCatalog catalog : ServiceLoader.load(AggregateCatalog.class, classLoader())) {
                try {
                    aggregates.addAll(catalog.aggregates());
                } catch (RuntimeException e) {
                    throw new UserError("the aggregate catalog " + catalog.getClass().getName() + " failed: " + e.getMessage());
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new UserError("cannot load an aggregate catalog: " + e.getMessage());
        }
        return new SnapshotVerification(annals, aggregates);
    }

    private ClassLoader classLoader() {
        ClassLoader own = CatalogOption.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return own;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator, -1)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw new UserError("--classpath: no file or directory " + entry);
                }
                urls.add(path.toUri().toURL());
            } catch (InvalidPathException | MalformedURLException e) {
                throw new UserError("--classpath: cannot use " + entry + ": " + e.getMessage());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), own);
    }
}
