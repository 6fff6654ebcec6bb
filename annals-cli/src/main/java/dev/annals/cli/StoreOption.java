package dev.annals.cli;

import dev.annals.Annals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --store URL} option every command takes. */
final class StoreOption {

    static final String DEFAULT = "sqlite:./annals-data/annals.db";
    private static final String SQLITE = "sqlite:";

    @Option(names = "--store", paramLabel = "URL", defaultValue = DEFAULT,
            description = "The store: sqlite:PATH, postgresql://HOST/DB?user=…, memory: (default: ${DEFAULT-VALUE})")
    String url;

    /** Opens the store, creating it when it does not exist (for commands that write). */
    Annals open() {
        Optional<Path> file = sqliteFile();
        if (file.isPresent()) {
            Path parent = file.get().toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UserError("cannot create the directory " + parent + ": " + e.getMessage());
            }
        }
        return Annals.open(url);
    }

    /** Opens a store that must exist already (for commands that only read). */
    Annals openExisting() {
        Optional<Path> file = sqliteFile();
        if (file.isPresent() && !Files.exists(file.get())) {
            throw new UserError("no store at " + file.get() + " (run 'annals demo' to create one, or pass --store URL)");
        }
        return Annals.open(url);
    }

    /** The file of a {@code sqlite:PATH[?options]} URL; empty for other stores or a URL without a path. */
    private Optional<Path> sqliteFile() {
        if (!url.startsWith(SQLITE)) {
            return Optional.empty();
        }
        String path = url.substring(SQLITE.length()).replaceFirst("\\?.*$", "");
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    }
}
