package dev.annals.sqlite;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The conformance kit's fixture: one durable SQLite store in a fresh temporary directory, shared
 * by the tests of a class (the suites use fresh stream ids). Register it as a static
 * {@code @RegisterExtension} field. The store is opened on first use, since the kit's property
 * tests run on jqwik, which does not call JUnit's callbacks; it is closed and deleted after the
 * class's JUnit tests, or at JVM exit when property tests used it afterwards. Thread-safe.
 */
final class SqliteFixture implements AnnalsFixture, AfterAllCallback {

    private Path dir;
    private Annals annals;
    private boolean hooked;

    @Override
    public synchronized Annals annals() {
        if (annals == null) {
            try {
                dir = Files.createTempDirectory("annals-sqlite-kit");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            annals = new Annals(new SqliteBackend(dir.resolve("annals.db")));
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly));
            }
        }
        return annals;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeQuietly();
    }

    private synchronized void closeQuietly() {
        if (annals == null) {
            return;
        }
        annals.close();
        annals = null;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
