package dev.annals.generator;

import java.util.List;

/**
 * What generating from one definition gives: the files to write and the warnings to show.
 *
 * @param files the store first, then its test
 * @param warnings naming-convention warnings; never errors
 */
public record Generation(ComponentKind kind, List<GeneratedFile> files, List<String> warnings) {

    public Generation {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
