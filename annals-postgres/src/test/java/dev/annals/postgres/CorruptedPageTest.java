package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.testkit.StoredBytes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A damaged page of the events table, in the data files of a server of the test's own (stopped cleanly,
 * the page overwritten, started again). Stream {@code a} fills the first pages of the table, stream
 * {@code b} the pages after them. A read that reaches the damaged page is a {@link StorageException} that
 * says the data is corrupted (SQLState XX001), never events made up from the damage; stream {@code b} and
 * the log after {@code a} still read, and appends go on.
 *
 * <p>PostgreSQL checks a page's header when it reads the page; without data checksums ({@code initdb
 * --data-checksums}, off by default before PostgreSQL 18, and off on the test's server) it checks nothing
 * else, so bytes changed inside a row are read back as they are: the second test shows that, and that the
 * first test's check (every event read back as it was appended) catches it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorruptedPageTest {

    private static final int PAGE = 8192;
    private static final int A_EVENTS = 300;
    private static final int B_EVENTS = 20;

    @Test
    void a_read_across_a_damaged_page_fails_naming_corruption_and_other_streams_still_read() throws Exception {
        try (CrashableServer server = CrashableServer.start(true)) {
            Store store = Store.filled(server, "corrupt");
            long block = store.blockOf("a", A_EVENTS / 2);
            assertThat(store.streamsIn(block)).as("block %d holds stream a alone", block).containsExactly("a");
            Path file = store.eventsFile();
            server.whileStopped(data -> overwrite(data.resolve(file), block, randomPage(block)));

            try (PostgresBackend backend = new PostgresBackend(store.url)) {
                assertThatThrownBy(() -> backend.readStream("a", -1, 1000))
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("the server found the store's data corrupted")
                        .hasMessageContaining("SQLState XX001");
                assertThatThrownBy(() -> backend.readAll(0, 1000))
                        .isInstanceOf(StorageException.class).hasMessageContaining("corrupted");
                System.out.println("CorruptedPageTest: reading stream a across the damaged block " + block + " failed with: "
                        + failure(() -> backend.readStream("a", -1, 1000)));

                assertThat(backend.readStream("b", -1, 1000)).as("stream b, on other pages")
                        .extracting(StoredEvent::eventId).containsExactlyElementsOf(store.ids("b"));
                assertThat(backend.readAll(A_EVENTS, 1000)).as("the log after stream a")
                        .extracting(StoredEvent::eventId).containsExactlyElementsOf(store.ids("b"));
                for (int i = 0; i < 10; i++) {
                    assertThat(backend.readStream("b", -1, 1000)).as("no pooled connection was lost").hasSize(B_EVENTS);
                }
                backend.append(append("b", B_EVENTS - 1, List.of(Events.event("after"))));
                backend.append(append("c", AppendRequest.NO_STREAM, List.of(Events.event("after"))));
                assertThat(backend.currentVersion("b")).hasValue(B_EVENTS);
            }
        }
    }

    /**
     * What the check above catches and PostgreSQL without data checksums does not: a few bytes changed inside
     * a row (a payload's text) leave the page's header valid, and the event is read back changed.
     */
    @Test
    void without_data_checksums_bytes_changed_inside_a_row_are_read_back_as_they_are() throws Exception {
        try (CrashableServer server = CrashableServer.start(true)) {
            assertThat(server.query("SHOW data_checksums")).isEqualTo("off");
            Store store = Store.filled(server, "rowdamage");
            int version = A_EVENTS / 2;
            long block = store.blockOf("a", version);
            Path file = store.eventsFile();
            byte[] marker = ("a-" + version + "-").getBytes(StandardCharsets.UTF_8);
            server.whileStopped(data -> {
                byte[] page = read(data.resolve(file), block);
                int at = StoredBytes.indexOf(page, marker);
                assertThat(at).as("the payload of version %d in block %d", version, block).isNotNegative();
                page[at] = 'z';
                overwrite(data.resolve(file), block, page);
            });

            try (PostgresBackend backend = new PostgresBackend(store.url)) {
                StoredEvent read = backend.readStream("a", version - 1, 1).get(0);
                String payload = new String(read.payload(), StandardCharsets.UTF_8);
                System.out.println("CorruptedPageTest: without data checksums, the damaged row read back as " + payload);
                assertThat(read.eventId()).isEqualTo(store.ids("a").get(version));
                assertThat(payload).as("the damaged payload, read back without an error").startsWith("{\"text\":\"z-" + version + "-");
            }
        }
    }

    /** A store on the server with stream {@code a} (events of about 300 bytes) appended first, then stream {@code b}. */
    private record Store(CrashableServer server, String schema, String url, List<UUID> a, List<UUID> b) {

        static Store filled(CrashableServer server, String schema) throws Exception {
            String url = "postgresql://localhost:" + server.port() + "/postgres?user=postgres&schema=" + schema + "&poolSize=2";
            List<UUID> a = new ArrayList<>();
            List<UUID> b = new ArrayList<>();
            try (PostgresBackend backend = new PostgresBackend(url)) {
                for (int from = 0; from < A_EVENTS; from += 50) {
                    a.addAll(appendBatch(backend, "a", from, 50));
                }
                b.addAll(appendBatch(backend, "b", 0, B_EVENTS));
            }
            server.execute("ANALYZE " + schema + ".events");
            return new Store(server, schema, url, a, b);
        }

        private static List<UUID> appendBatch(PostgresBackend backend, String stream, int from, int count) {
            List<NewEvent> events = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                events.add(Events.event(stream + "-" + i + "-" + "x".repeat(250)));
            }
            backend.append(append(stream, from - 1, events));
            return events.stream().map(NewEvent::eventId).toList();
        }

        List<UUID> ids(String stream) {
            return stream.equals("a") ? a : b;
        }

        /** The table's main data file, relative to the data directory. */
        Path eventsFile() throws Exception {
            return Path.of(server.query("SELECT pg_relation_filepath('" + schema + ".events')"));
        }

        long blockOf(String stream, int version) throws Exception {
            return Long.parseLong(server.query("SELECT (ctid::text::point)[0]::bigint FROM " + schema + ".events WHERE stream = '"
                    + stream + "' AND version = " + version));
        }

        List<String> streamsIn(long block) throws Exception {
            return List.of(server.query("SELECT string_agg(DISTINCT stream, ',') FROM " + schema + ".events WHERE (ctid::text::point)[0] = "
                    + block).split(","));
        }
    }

    private static byte[] randomPage(long seed) {
        byte[] page = new byte[PAGE];
        new Random(seed).nextBytes(page);
        return page;
    }

    private static byte[] read(Path file, long block) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] page = new byte[PAGE];
            f.seek(block * PAGE);
            f.readFully(page);
            return page;
        }
    }

    private static void overwrite(Path file, long block, byte[] page) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(block * PAGE);
            f.write(page);
            f.getFD().sync();
        }
    }

    private static String failure(Runnable read) {
        try {
            read.run();
            return "(no failure)";
        } catch (StorageException e) {
            return e.getMessage();
        }
    }
}
