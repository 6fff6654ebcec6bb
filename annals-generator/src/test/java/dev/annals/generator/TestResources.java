package dev.annals.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the test resources: definitions, fixtures, golden files. */
final class TestResources {

    /** The module's test resource directory, for updating golden files (tests run in the module directory). */
    static final Path SOURCE_DIRECTORY = Path.of("src", "test", "resources");

    private TestResources() {
    }

    static String text(String resource) {
        try (InputStream in = TestResources.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String definition(String fileName) {
        return text("definitions/" + fileName);
    }

    /** Generates from a definition under {@code definitions/}. */
    static Generation generate(String fileName) {
        return new Generator().generate(definition(fileName), fileName, null);
    }
}
