package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (the power-cut file system with a capacity, {@link PowerCutFs#mountWithCapacity}, holding
 * a ballast file): the append that does not fit fails with a typed error and stores nothing, and every
 * acknowledged append is still there. Once the ballast is deleted, the retry of the refused append with
 * the same ids must go through without reopening the store.
 *
 * <p>Needs FUSE: runs only with {@code -Pservers} (tag {@code servers}).
 */
@Tag("servers")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskFullTest {

    private static final long CAPACITY = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void the_append_that_does_not_fit_fails_and_stores_nothing_and_every_acknowledged_append_is_kept() throws Exception {
        try (PowerCutFs fs = mount(); SqliteBackend backend = new SqliteBackend(fs.mountPoint().resolve("annals.db"))) {
            Refusal refusal = fill(backend);
            System.out.printf("DiskFullTest: %d appends acknowledged before the disk was full; the next failed with: %s (cause: %s)%n",
                    refusal.acknowledged().size(), refusal.error().getMessage(), refusal.error().getCause());
            assertThat(refusal.error()).isInstanceOf(StorageException.class)
                    .hasRootCauseMessage("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)");
            assertThat(refusal.acknowledged()).hasSizeGreaterThan(10);
            assertStored(backend, refusal.acknowledged());
            assertThat(backend.readStream(refusal.refused().stream(), refusal.refused().expectedVersion(), 100))
                    .as("nothing of the refused append is stored").isEmpty();
        }
    }

    /**
     * After a {@code COMMIT} fails (here with SQLITE_FULL; SQLite has then rolled the transaction back),
     * the driver may leave the statement that failed unusable ("statement is not executing"): reused from
     * the writer's cache, it once kept the store from ever writing again and its write lock held, so that
     * another opener of the file failed with "the database is locked". The retry must go through on the
     * same store, and another opener must be able to read.
     */
    @Test
    void once_space_is_freed_the_retry_goes_through_without_reopening_the_store() throws Exception {
        try (PowerCutFs fs = mount(); SqliteBackend backend = new SqliteBackend(fs.mountPoint().resolve("annals.db"))) {
            Refusal refusal = fill(backend);
            Files.delete(fs.mountPoint().resolve("ballast"));
            assertThat(backend.append(refusal.refused()).duplicate()).as("the retry stored it").isFalse();
            List<AppendRequest> all = new ArrayList<>(refusal.acknowledged());
            all.add(refusal.refused());
            assertStored(backend, all);
            try (SqliteBackend other = new SqliteBackend(fs.mountPoint().resolve("annals.db"))) {
                assertThat(other.readAll(0, 10)).isNotEmpty();
            }
        }
    }

    /**
     * A commit refused by a full disk did not happen: the error says the disk is full and names the file
     * (it was once an {@code AppendOutcomeUnknownException} saying "the connection failed during commit").
     */
    @Test
    void the_error_says_the_disk_is_full_and_names_the_file() throws Exception {
        try (PowerCutFs fs = mount(); SqliteBackend backend = new SqliteBackend(fs.mountPoint().resolve("annals.db"))) {
            assertThat(fill(backend).error()).hasMessageContaining("the disk is full").hasMessageContaining("annals.db");
        }
    }

    private PowerCutFs mount() throws Exception {
        PowerCutFs fs = PowerCutFs.mountWithCapacity(dir.resolve("disk"), dir.resolve("mnt"), dir.resolve("fs.log"), CAPACITY);
        Files.write(fs.mountPoint().resolve("ballast"), new byte[1 << 20]);
        return fs;
    }

    private record Refusal(List<AppendRequest> acknowledged, AppendRequest refused, StorageException error) {
    }

    /** Appends 20 events at a time to 10 streams until an append fails. */
    private static Refusal fill(SqliteBackend backend) {
        List<AppendRequest> acknowledged = new ArrayList<>();
        for (int i = 0; ; i++) {
            assertThat(i).as("the disk filled up").isLessThan(10_000);
            String stream = "s-" + (i % 10);
            AppendRequest request = Events.append(stream, backend.currentVersion(stream).orElse(-1), 20);
            try {
                backend.append(request);
                acknowledged.add(request);
            } catch (StorageException e) {
                return new Refusal(acknowledged, request, e);
            }
        }
    }

    private static void assertStored(SqliteBackend backend, List<AppendRequest> acknowledged) {
        List<StoredEvent> log = new ArrayList<>();
        for (List<StoredEvent> page = backend.readAll(0, 1000); !page.isEmpty();
                page = backend.readAll(page.get(page.size() - 1).position(), 1000)) {
            log.addAll(page);
        }
        List<UUID> ids = new ArrayList<>();
        acknowledged.forEach(r -> r.events().forEach(e -> ids.add(e.eventId())));
        assertThat(log).extracting(StoredEvent::eventId).containsExactlyElementsOf(ids);
    }
}
