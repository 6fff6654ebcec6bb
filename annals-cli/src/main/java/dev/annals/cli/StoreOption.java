package dev.annals.cli;

import dev.annals.Annals;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store URL} option every command takes. */
final class StoreOption {

    static final String DEFAULT = "sqlite:./annals-data/annals.db";

    @Option(names = "--store", paramLabel = "URL", defaultValue = DEFAULT,
            description = "The store: sqlite:PATH, postgresql://HOST/DB?user=…, memory: (default: ${DEFAULT-VALUE})")
    String url;

    /** Opens the store, creating it when it does not exist (for commands that write). */
    Annals open() {
        if (url.startsWith("sqlite:")) {
            Path parent = Path.of(url.substring("sqlite:".length()).replaceFirst("\\?.*$", "")).toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new UserError("cannot create the directory " + parent + ": " + e.getMessage());
            }
        }
        return Annals.open(url);
    }

    /** Opens a store that must exist already (for commands that only read). */
    Annals openExisting() {
        if (url.startsWith("sqlite:")) {
            Path file = Path.of(url.substring("sqlite:".length()).replaceFirst("\\?.*$", ""));
            if (!Files.exists(file)) {
                throw new UserError("no store at " + file + " (run 'annals demo' to create one, or pass --store URL)");
            }
        }
        return Annals.open(url);
    }
}
