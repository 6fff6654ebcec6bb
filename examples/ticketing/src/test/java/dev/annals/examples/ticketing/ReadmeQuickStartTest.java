package dev.annals.examples.ticketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The examples of README.md (the quick start, subscriptions) are compiled and run exactly as they are written there. */
class ReadmeQuickStartTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"quickstart", "subscriptions"})
    void a_readme_example_compiles_and_prints_what_the_readme_says(String example, @TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        Matcher snippet = Pattern.compile("<!-- " + example + " -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Matcher expected = Pattern.compile("<!-- " + example + " prints: (.*?) -->").matcher(readme);
        assertThat(snippet.find()).as("README.md has the block " + example).isTrue();
        assertThat(expected.find()).as("README.md says what " + example + " prints").isTrue();

        Path source = dir.resolve("QuickStart.java");
        Files.writeString(source, """
                import dev.annals.*;
                import dev.annals.examples.ticketing.*;
                import dev.annals.subscription.*;
                import java.time.Duration;
                import java.time.Instant;
                import java.util.*;

                public class QuickStart {
                    public static void main(String[] args) throws Exception {
                %s
                    }
                }
                """.formatted(snippet.group(1)));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", dir.toString(), source.toString());
        assertThat(status).as("the quick start compiles").isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("QuickStart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(expected.group(1));
    }
}
