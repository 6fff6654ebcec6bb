package dev.annals.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes generated files under an output directory. Never overwrites an existing file unless
 * forced, and checks every file before writing any, so that a refusal leaves the directory as it
 * was. Stateless.
 */
public final class GeneratedFileWriter {

    private GeneratedFileWriter() {
    }

    /** The paths {@code files} would have under {@code out}, writing nothing (for {@code --dry-run}). */
    public static List<Path> targets(Path out, List<GeneratedFile> files) {
        List<Path> paths = new ArrayList<>(files.size());
        for (GeneratedFile file : files) {
            paths.add(out.resolve(file.path()));
        }
        return paths;
    }

    /**
     * Writes {@code files} under {@code out}, creating directories as needed.
     *
     * @return the written paths, in order
     * @throws OutputExistsException when a file exists and {@code force} is false; nothing is written then
     * @throws UncheckedIOException when writing fails
     */
    public static List<Path> write(Path out, List<GeneratedFile> files, boolean force) {
        List<Path> paths = targets(out, files);
        if (!force) {
            List<Path> existing = paths.stream().filter(Files::exists).toList();
            if (!existing.isEmpty()) {
                throw new OutputExistsException(existing);
            }
        }
        try {
            for (int i = 0; i < files.size(); i++) {
                Files.createDirectories(paths.get(i).getParent());
                Files.writeString(paths.get(i), files.get(i).content(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write generated files under " + out + ": " + e.getMessage(), e);
        }
        return paths;
    }
}
