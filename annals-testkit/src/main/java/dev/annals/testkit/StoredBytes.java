package dev.annals.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Searches what a backend left on disk for some bytes: the check of the tests that prove a forgotten key
 * or an overwritten value is gone from a store's files, not only from what the store reads back.
 */
public final class StoredBytes {

    private StoredBytes() {
    }

    /** Whether {@code bytes} occur in {@code file}; false when the file does not exist. */
    public static boolean foundIn(Path file, byte[] bytes) throws IOException {
        try {
            return indexOf(Files.readAllBytes(file), bytes) >= 0;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** Whether {@code bytes} occur in any regular file below {@code dir}; a file removed during the search is passed over. */
    public static boolean foundBelow(Path dir, byte[] bytes) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (foundIn(file, bytes)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first index of {@code needle} in {@code haystack}, -1 when absent: both read as ISO-8859-1, which
     * maps each byte to one character, so that the JDK's string search does the work.
     */
    public static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
