package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A full disk under a PostgreSQL server of the test's own: the store's tables live in a tablespace on a
 * 4 MiB tmpfs that also holds a 1 MiB ballast file (the database's default tablespace, set before the store
 * is created, so every table and index of the store is there; the WAL stays on the data directory's
 * disk). Appends of 20 events go on until one fails: the failure is a {@link StorageException} that says
 * the server's disk is full and that nothing of the append was stored (not an unknown outcome: the
 * statement failed and its transaction was rolled back), every acknowledged append is kept, and once the
 * ballast is deleted the retry with the same ids goes through on the same store, without reopening it.
 *
 * <p>Mounting a tmpfs needs root: runs only with {@code -Pservers} (tag {@code servers}), where a failed
 * mount fails the test.
 */
@Tag("servers")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskFullTest {

    private static final String CAPACITY = "4m";

    @Test
    void the_append_that_does_not_fit_fails_saying_the_disk_is_full_and_its_retry_goes_through_once_space_is_freed() throws Exception {
        Path dir = Files.createTempDirectory("annals-pg-full");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the server's user must reach it
        Path disk = Files.createDirectories(dir.resolve("disk"));
        try (CrashableServer server = CrashableServer.start(true); SmallDisk small = SmallDisk.mount(disk, server.dataDirectory())) {
            fill(server, disk);
        } finally {
            Files.deleteIfExists(disk);
            Files.deleteIfExists(dir);
        }
    }

    private static void fill(CrashableServer server, Path disk) throws Exception {
        server.execute("CREATE TABLESPACE small LOCATION '" + disk + "'");
        server.execute("ALTER DATABASE postgres SET default_tablespace = small");
        Path ballast = disk.resolve("ballast");
        Files.write(ballast, new byte[1 << 20]);
        String url = "postgresql://localhost:" + server.port() + "/postgres?user=postgres&schema=diskfull&poolSize=2";
        try (PostgresBackend backend = new PostgresBackend(url)) {
            assertThat(server.query("SELECT coalesce(t.spcname, 'pg_default') FROM pg_class c LEFT JOIN pg_tablespace t "
                    + "ON t.oid = c.reltablespace WHERE c.oid = 'diskfull.events'::regclass")).as("the events table's tablespace")
                    .isEqualTo("small");

            List<AppendRequest> acknowledged = new ArrayList<>();
            AppendRequest refused = null;
            StorageException error = null;
            for (int i = 0; error == null; i++) {
                assertThat(i).as("the disk filled up").isLessThan(10_000);
                String stream = "s-" + (i % 10);
                AppendRequest request = append(stream, backend.currentVersion(stream).orElse(-1), events(20));
                try {
                    backend.append(request);
                    acknowledged.add(request);
                } catch (StorageException e) {
                    refused = request;
                    error = e;
                }
            }
            System.out.printf("DiskFullTest: %d appends acknowledged before the disk was full; the next failed with: %s%n",
                    acknowledged.size(), error.getMessage());
            assertThat(error).isNotInstanceOf(AppendOutcomeUnknownException.class)
                    .hasMessageContaining("nothing of it was stored")
                    .hasMessageContaining("the server's disk is full")
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("SQLState 53100");
            assertThat(acknowledged).hasSizeGreaterThan(10);
            assertStored(backend, acknowledged);
            assertThat(backend.readStream(refused.stream(), refused.expectedVersion(), 100)).as("nothing of the refused append").isEmpty();

            Files.delete(ballast);
            assertThat(backend.append(refused).duplicate()).as("the retry stored it").isFalse();
            acknowledged.add(refused);
            assertStored(backend, acknowledged);
        }
    }

    private static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new NewEvent(UUID.randomUUID(), "Noted", 1, new byte[0],
                    ("{\"text\":\"" + UUID.randomUUID() + "x".repeat(400) + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static void assertStored(PostgresBackend backend, List<AppendRequest> acknowledged) {
        List<StoredEvent> log = new ArrayList<>();
        for (List<StoredEvent> page = backend.readAll(0, 1000); !page.isEmpty();
                page = backend.readAll(page.get(page.size() - 1).position(), 1000)) {
            log.addAll(page);
        }
        List<UUID> ids = new ArrayList<>();
        acknowledged.forEach(r -> r.events().forEach(e -> ids.add(e.eventId())));
        assertThat(log).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids);
    }

    /** A tmpfs of {@link #CAPACITY} mounted for the server's user (the owner of its data directory). */
    private static final class SmallDisk implements AutoCloseable {

        private final Path mountPoint;

        private SmallDisk(Path mountPoint) {
            this.mountPoint = mountPoint;
        }

        static SmallDisk mount(Path mountPoint, Path dataDirectory) throws IOException, InterruptedException {
            int uid = (Integer) Files.getAttribute(dataDirectory, "unix:uid");
            int gid = (Integer) Files.getAttribute(dataDirectory, "unix:gid");
            run("mount", "-t", "tmpfs", "-o", "size=" + CAPACITY + ",mode=700,uid=" + uid + ",gid=" + gid, "tmpfs", mountPoint.toString());
            return new SmallDisk(mountPoint);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            run("umount", "-l", mountPoint.toString());
        }

        private static void run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s (mounting a tmpfs needs root): %s", String.join(" ", command), output).isZero();
        }
    }
}
