package dev.annals.sqlite;

import dev.annals.StoreOpenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Looks at a store's file before SQLite does, so that a missing directory is created and a file
 * that is not a database, or a truncated one, is refused with a message naming it instead of a
 * driver error later on. Stateless.
 */
final class SqliteFiles {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_SIZE = 100;

    private SqliteFiles() {
    }

    /**
     * Prepares {@code file} for opening: creates its parent directories; checks an existing file's
     * header.
     *
     * @throws StoreOpenException when the file cannot be a healthy SQLite database
     */
    static void check(Path file) {
        if (Files.isDirectory(file)) {
            throw refused(file, "it is a directory");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            checkHeader(file);
        } catch (IOException e) {
            throw new StoreOpenException("Cannot open the Annals store " + file + ": " + e, e);
        }
    }

    private static void checkHeader(Path file) throws IOException {
        long size = Files.size(file);
        byte[] header = new byte[HEADER_SIZE];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, HEADER_SIZE);
        }
        if (read < MAGIC.length || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw refused(file, "it is not an SQLite database (an Annals store is one)");
        }
        if (read < HEADER_SIZE) {
            throw refused(file, "it is truncated (" + size + " bytes, shorter than an SQLite header)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int pageSize = Short.toUnsignedInt(buffer.getShort(16));
        if (pageSize == 1) {
            pageSize = 65536;
        }
        // The page count at offset 28 is only valid when the change counter (24) matches offset 92;
        // a non-empty -wal file may legitimately hold pages beyond the main file (crash during a
        // checkpoint), and SQLite recovers from it, so the size check is made only without one.
        long pageCount = Integer.toUnsignedLong(buffer.getInt(28));
        boolean countValid = pageCount > 0 && buffer.getInt(24) == buffer.getInt(92);
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        boolean walHoldsPages = Files.exists(wal) && Files.size(wal) > 0;
        if (walHoldsPages || pageSize < 512) {
            return;
        }
        if (size % pageSize != 0 || (countValid && size < pageCount * pageSize)) {
            throw refused(file, "it is truncated (" + size + " bytes, its header says "
                    + (countValid ? pageCount * pageSize : "whole pages of " + pageSize) + " bytes)");
        }
    }

    static StoreOpenException refused(Path file, String reason) {
        return new StoreOpenException("Cannot open the Annals store " + file + ": " + reason);
    }
}
