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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start of README.md is compiled and run exactly as it is written there. */
class ReadmeQuickStartTest {

    private static final Pattern SNIPPET = Pattern.compile("<!-- quickstart -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPECTED = Pattern.compile("<!-- quickstart prints: (.*?) -->");

    @Test
    void readme_quick_start_compiles_and_prints_what_the_readme_says(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        Matcher snippet = SNIPPET.matcher(readme);
        Matcher expected = EXPECTED.matcher(readme);
        assertThat(snippet.find()).as("README.md has a quick start block").isTrue();
        assertThat(expected.find()).as("README.md says what the quick start prints").isTrue();

        Path source = dir.resolve("QuickStart.java");
        Files.writeString(source, """
                import dev.annals.*;
                import dev.annals.examples.ticketing.*;
                import java.time.Duration;
                import java.time.Instant;
                import java.util.*;

                public class QuickStart {
                    public static void main(String[] args) {
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
