package dev.annals.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources, with the fixture sources of the state and event types, against the
 * test class path, and loads them: what a user's build would do with the generated files.
 */
final class GeneratedSources {

    /** The fixture types the definitions name: TicketSnapshot, the sealed TicketEvent, and an id class of one's own. */
    static final List<String> FIXTURES = List.of(
            "app_root_name/domain/ticketing/models/TicketSnapshot.java",
            "app_root_name/domain/ticketing/models/TicketId.java",
            "app_root_name/domain/ticketing/events/TicketEvent.java");

    private GeneratedSources() {
    }

    /**
     * Writes the files under {@code directory}, compiles them with the fixtures and returns a class
     * loader for the result, whose parent is the test's own loader (so the testkit and JUnit are
     * shared with the launcher).
     */
    static URLClassLoader compile(Generation generation, Path directory) {
        try {
            List<String> sources = new ArrayList<>();
            for (Path path : GeneratedFileWriter.write(directory, generation.files(), false)) {
                sources.add(path.toString());
            }
            for (String fixture : FIXTURES) {
                Path path = directory.resolve("fixtures").resolve(fixture);
                Files.createDirectories(path.getParent());
                Files.writeString(path, TestResources.text("fixtures/" + fixture));
                sources.add(path.toString());
            }
            Path classes = Files.createDirectories(directory.resolve("classes"));
            List<String> arguments = new ArrayList<>(List.of(
                    "-classpath", classPath(), "-d", classes.toString(), "-proc:none", "-parameters", "-Xlint:all", "-Werror"));
            arguments.addAll(sources);
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = compiler.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
            assertThat(status).as("javac of the generated sources:\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedSources.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test class path. Surefire may start the JVM with a manifest-only jar, leaving
     * java.class.path almost empty; it then states the real path in surefire.test.class.path.
     */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
