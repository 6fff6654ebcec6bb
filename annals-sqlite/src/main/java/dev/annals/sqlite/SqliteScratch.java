package dev.annals.sqlite;

import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.ScratchStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A new store file in the directory of a given one (so on the same disk), with the same URL
 * parameters (so the same durability). The name is reserved by creating the file empty, which
 * {@link SqliteBackend} then takes as a new store. Removing it deletes the file and SQLite's
 * sidecar files. Thread-safe.
 */
final class SqliteScratch implements ScratchStore {

    /** The file itself and SQLite's sidecar files. */
    private static final List<String> SUFFIXES = List.of("", "-wal", "-shm", "-journal");

    private final Path file;
    private final String url;
    private final AtomicBoolean removed = new AtomicBoolean();

    private SqliteScratch(Path file, String url) {
        this.file = file;
        this.url = url;
    }

    /**
     * Creates {@code annals-scratch-<random>.db} beside {@code original}, whose directory must exist.
     *
     * @param parameters the original URL's parameters with their {@code ?}, or empty
     */
    static SqliteScratch beside(Path original, String parameters) {
        Path directory = original.toAbsolutePath().normalize().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new StoreOpenException("Cannot make a scratch store beside " + original.toAbsolutePath().normalize()
                    + ": its directory does not exist");
        }
        for (int attempt = 0; ; attempt++) {
            Path file = directory.resolve("annals-scratch-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + ".db");
            try {
                Files.createFile(file);
                return new SqliteScratch(file, "sqlite:" + file + parameters);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 3) {
                    throw new StoreOpenException("Cannot make a scratch store in " + directory + ": every name tried was taken", e);
                }
            } catch (IOException e) {
                throw new StoreOpenException("Cannot make a scratch store in " + directory + ": " + e, e);
            }
        }
    }

    @Override
    public String url() {
        return url;
    }

    /** The store's file. */
    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        List<String> left = new ArrayList<>();
        for (String suffix : SUFFIXES) {
            Path path = file.resolveSibling(file.getFileName() + suffix);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                left.add(path + " (" + e + ")");
            }
        }
        if (!left.isEmpty()) {
            throw new StorageException("Cannot remove the scratch store " + file + "; left behind: " + String.join(", ", left));
        }
    }

    @Override
    public String toString() {
        return "SqliteScratch[" + file + "]";
    }
}
