package dev.annals.sqlite;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The conformance kit's fixture: one durable SQLite store in a fresh temporary directory, shared
 * by the tests of a class (the suites use fresh stream ids), and a file per name in the same
 * directory for the stores a test opens and reopens itself. Register it as a static
 * {@code @RegisterExtension} field. The shared store is opened on first use, since the kit's
 * property tests run on jqwik, which does not call JUnit's callbacks; the directory is closed and
 * deleted after the class's JUnit tests, or at JVM exit when property tests used it afterwards.
 * Thread-safe.
 */
final class SqliteFixture implements AnnalsFixture, AfterAllCallback {

    private Path dir;
    private Annals annals;
    private boolean hooked;

    @Override
    public synchronized Annals annals() {
        if (annals == null) {
            annals = new Annals(new SqliteBackend(dir().resolve("annals.db")));
        }
        return annals;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public synchronized Annals open(String name) {
        return new Annals(new SqliteBackend(file(name)));
    }

    /** Deletes the rows with a plain JDBC connection, as an operator would with the {@code sqlite3} shell. */
    @Override
    public synchronized void removeEvents(String name, List<Long> positions) {
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file(name));
             PreparedStatement delete = jdbc.prepareStatement("DELETE FROM events WHERE position = ?")) {
            for (long position : positions) {
                delete.setLong(1, position);
                if (delete.executeUpdate() != 1) {
                    throw new IllegalStateException("store " + name + " holds no event at position " + position);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove events from " + file(name), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeQuietly();
    }

    private Path file(String name) {
        return dir().resolve(name + ".db");
    }

    private synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("annals-sqlite-kit");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly));
            }
        }
        return dir;
    }

    private synchronized void closeQuietly() {
        if (annals != null) {
            annals.close();
            annals = null;
        }
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
        dir = null;
    }
}
