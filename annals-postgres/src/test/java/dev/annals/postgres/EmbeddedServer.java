package dev.annals.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Starts a real PostgreSQL from Maven Central's binaries (io.zonky), on any machine with only a JDK.
 *
 * <p>PostgreSQL refuses to run as root, which is how builds run in many containers (and on this
 * project's CI machine). There the binaries are extracted to a directory of this class and
 * {@code initdb}, {@code postgres} and {@code pg_ctl} are replaced by small scripts that hand the data
 * directory to {@code nobody} and run the real program as {@code nobody}. Not used by the backend itself.
 */
final class EmbeddedServer {

    private static final Path WORKING_DIR = Path.of(System.getProperty("java.io.tmpdir"), "annals-embedded-pg");
    private static final String[] WRAPPED = {"initdb", "postgres", "pg_ctl"};

    private EmbeddedServer() {
    }

    /** Starts a server; {@code dataDir} null means a fresh temporary one, deleted on close. */
    static EmbeddedPostgres start(int port, Path dataDir) {
        try {
            return builder(port, dataDir).start();
        } catch (IOException | RuntimeException first) {
            if (!isRoot()) {
                throw first instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) first;
            }
            // The first attempt extracted the binaries; make them run as nobody and try again.
            wrapBinaries();
            try {
                return builder(port, dataDir).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static EmbeddedPostgres.Builder builder(int port, Path dataDir) {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setOverrideWorkingDirectory(WORKING_DIR.toFile())
                .setServerConfig("max_connections", "100")
                .setServerConfig("unix_socket_directories", System.getProperty("java.io.tmpdir"));
        if (port > 0) {
            b.setPort(port);
        }
        if (dataDir != null) {
            b.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        return b;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void wrapBinaries() {
        try {
            Files.createDirectories(WORKING_DIR);
            try (var dirs = Files.list(WORKING_DIR)) {
                for (Path pg : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                    for (String name : WRAPPED) {
                        Path bin = pg.resolve("bin").resolve(name);
                        Path real = pg.resolve("bin").resolve(name + ".real");
                        if (Files.exists(bin) && !Files.exists(real)) {
                            Files.move(bin, real);
                            Files.writeString(bin, script(name), StandardCharsets.UTF_8);
                            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                }
            }
            // nobody must be able to reach the binaries.
            for (File f = WORKING_DIR.toFile(); f != null; f = f.getParentFile()) {
                f.setExecutable(true, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String script(String name) {
        return """
                #!/bin/sh
                # PostgreSQL refuses to run as root: run the real %1$s as nobody, owning the data directory it is given.
                real="$(dirname "$0")/%1$s.real"
                if [ "$(id -u)" != 0 ]; then exec "$real" "$@"; fi
                prev=""
                for a in "$@"; do
                  if [ "$prev" = "-D" ] && [ -d "$a" ]; then chown -R 65534:65534 "$a"; chmod 700 "$a"; fi
                  prev="$a"
                done
                exec setpriv --reuid=65534 --regid=65534 --clear-groups "$real" "$@"
                """.formatted(name);
    }
}
