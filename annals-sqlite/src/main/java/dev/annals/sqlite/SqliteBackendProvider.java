package dev.annals.sqlite;

import dev.annals.StoreOpenException;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens {@link SqliteBackend} for {@code sqlite:PATH}, e.g. {@code sqlite:./annals-data/annals.db}
 * or {@code sqlite:/data/annals.db}; {@code ?synchronous=normal} opts out of an fsync per commit
 * (see {@link SqliteOptions.Synchronous#NORMAL}), {@code ?synchronous=full} is the default.
 * Stateless and thread-safe.
 */
public final class SqliteBackendProvider implements BackendProvider {

    private static final String SCHEME = "sqlite:";

    @Override
    public String urlForm() {
        return "sqlite:PATH[?synchronous=normal]";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith(SCHEME);
    }

    @Override
    public StorageBackend open(String url) {
        return open(url, false);
    }

    /** Refuses a file that does not exist instead of creating a store in it. */
    @Override
    public StorageBackend openExisting(String url) {
        return open(url, true);
    }

    /**
     * A new, empty store file in the directory of the one {@code url} names, with the same parameters
     * (so the same durability); the file {@code url} names is not opened.
     */
    @Override
    public ScratchStore scratch(String url) {
        Parsed parsed = parse(url);
        return SqliteScratch.beside(parsed.file(), parsed.parameters());
    }

    private StorageBackend open(String url, boolean mustExist) {
        Parsed parsed = parse(url);
        if (mustExist && !Files.exists(parsed.file())) {
            throw new StoreOpenException("No Annals store at " + parsed.file().toAbsolutePath().normalize() + ": the file does not exist");
        }
        return new SqliteBackend(parsed.file(), parsed.options());
    }

    /** A store URL taken apart; {@code parameters} is its query with the {@code ?}, or empty. */
    private record Parsed(Path file, SqliteOptions options, String parameters) {
    }

    private Parsed parse(String url) {
        String rest = url.substring(SCHEME.length());
        SqliteOptions options = SqliteOptions.DEFAULTS;
        String parameters = "";
        int query = rest.indexOf('?');
        if (query >= 0) {
            options = options.withSynchronous(synchronous(url, rest.substring(query + 1)));
            parameters = rest.substring(query);
            rest = rest.substring(0, query);
        }
        return new Parsed(file(url, rest), options, parameters);
    }

    private Path file(String url, String rest) {
        if (rest.isBlank()) {
            throw new StoreOpenException("The store URL '" + url + "' names no file; use " + urlForm());
        }
        try {
            return Path.of(rest);
        } catch (InvalidPathException e) {
            throw new StoreOpenException("The store URL '" + url + "' holds an invalid path: " + e.getMessage(), e);
        }
    }

    private SqliteOptions.Synchronous synchronous(String url, String parameters) {
        SqliteOptions.Synchronous mode = SqliteOptions.Synchronous.FULL;
        for (String parameter : parameters.split("&", -1)) {
            String[] pair = parameter.split("=", 2);
            if (pair.length != 2 || !pair[0].equals("synchronous")) {
                throw new StoreOpenException("The store URL '" + url + "' has an unknown parameter '" + parameter
                        + "'; the only one is synchronous=full|normal");
            }
            mode = switch (pair[1].toLowerCase(java.util.Locale.ROOT)) {
                case "full" -> SqliteOptions.Synchronous.FULL;
                case "normal" -> SqliteOptions.Synchronous.NORMAL;
                default -> throw new StoreOpenException("The store URL '" + url + "' has synchronous=" + pair[1]
                        + "; use full (the default, durable) or normal");
            };
        }
        return mode;
    }
}
