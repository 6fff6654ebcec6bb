package dev.annals.cli;

import dev.annals.Annals;
import picocli.CommandLine.Option;

/** The {@code --store URL} option every command takes. */
final class StoreOption {

    static final String DEFAULT = "sqlite:./annals-data/annals.db";

    @Option(names = "--store", paramLabel = "URL", defaultValue = DEFAULT,
            description = "The store: sqlite:PATH, postgresql://HOST/DB?user=…, memory: (default: ${DEFAULT-VALUE})")
    String url;

    /** Opens the store, creating it when it does not exist (for commands that write). */
    Annals open() {
        return Annals.open(url);
    }

    /** Opens a store that must exist already (for commands that only read); creates nothing. */
    Annals openExisting() {
        return Annals.openExisting(url);
    }
}
