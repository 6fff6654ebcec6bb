package dev.annals.generator;

import java.nio.file.Path;

/**
 * A source file to write.
 *
 * @param path its path relative to the output directory, e.g. {@code src/main/java/app/…/TicketStore.java}
 * @param content its full text
 */
public record GeneratedFile(Path path, String content) {
}
