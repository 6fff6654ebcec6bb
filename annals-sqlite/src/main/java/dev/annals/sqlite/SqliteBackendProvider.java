package dev.annals.sqlite;

import dev.annals.InvalidArgumentException;
import dev.annals.StoreOpenException;
import dev.annals.spi.BackendProvider;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.support.UrlDurations;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens {@link SqliteBackend} for {@code sqlite:PATH}, e.g. {@code sqlite:./annals-data/annals.db}
 * or {@code sqlite:/data/annals.db}; {@code ?synchronous=normal} opts out of an fsync per commit
 * (see {@link SqliteOptions.Synchronous#NORMAL}), {@code ?synchronous=full} is the default;
 * {@code connectTimeout=2s} bounds a read's wait for a free read connection ({@link SqliteOptions#connectTimeout()},
 * a duration as every store URL writes it: {@link UrlDurations}). Stateless and thread-safe.
 */
public final class SqliteBackendProvider implements BackendProvider {

    private static final String SCHEME = "sqlite:";

    @Override
    public String urlForm() {
        return "sqlite:PATH[?synchronous=normal&connectTimeout=10s]";
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
            options = options(url, rest.substring(query + 1));
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

    private SqliteOptions options(String url, String parameters) {
        SqliteOptions options = SqliteOptions.DEFAULTS;
        for (String parameter : parameters.split("&", -1)) {
            String[] pair = parameter.split("=", 2);
            String name = pair[0];
            if (pair.length != 2 || !(name.equals("synchronous") || name.equals("connectTimeout"))) {
                throw new StoreOpenException("The store URL '" + url + "' has an unknown parameter '" + parameter
                        + "'; known: synchronous=full|normal, connectTimeout=DURATION");
            }
            if (name.equals("synchronous")) {
                options = options.withSynchronous(synchronous(url, pair[1]));
            } else {
                try {
                    options = options.withConnectTimeout(UrlDurations.parse(name, pair[1]));
                } catch (InvalidArgumentException e) {
                    throw new StoreOpenException("Bad parameter in the store URL '" + url + "': " + e.getMessage(), e);
                }
            }
        }
        return options;
    }

    private static SqliteOptions.Synchronous synchronous(String url, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "full" -> SqliteOptions.Synchronous.FULL;
            case "normal" -> SqliteOptions.Synchronous.NORMAL;
            default -> throw new StoreOpenException("The store URL '" + url + "' has synchronous=" + value
                    + "; use full (the default, durable) or normal");
        };
    }
}
