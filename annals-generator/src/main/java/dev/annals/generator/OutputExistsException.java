package dev.annals.generator;

import dev.annals.AnnalsException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Files to be generated exist already and {@code --force} was not given; nothing was written. */
public class OutputExistsException extends AnnalsException {

    private final List<Path> existing;

    public OutputExistsException(List<Path> existing) {
        super("Not overwriting existing " + (existing.size() == 1 ? "file " : "files ")
                + existing.stream().map(Path::toString).collect(Collectors.joining(", ")) + " (use --force to overwrite)");
        this.existing = List.copyOf(existing);
    }

    public List<Path> existing() {
        return existing;
    }
}
