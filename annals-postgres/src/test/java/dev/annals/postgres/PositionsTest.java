package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Positions are never given twice, and reads cross the holes that removed events leave, in the log and
 * in a stream. Each test has a store of its own, whose rows it deletes straight from the table.
 */
class PositionsTest {

    private static final PgServer SERVER = PgServer.get();
    private String schema;

    @BeforeEach
    void newSchema() {
        schema = PgServer.newSchema(PositionsTest.class);
    }

    @AfterEach
    void dropSchema() {
        SERVER.dropSchema(schema);
    }

    @Test
    void positions_stay_above_every_earlier_one_after_the_head_rows_are_deleted_and_the_store_reopened() throws SQLException {
        String stream = stream();
        List<Long> earlier = new ArrayList<>();
        try (PostgresBackend backend = open()) {
            earlier.addAll(backend.append(append(stream, AppendRequest.NO_STREAM, events(2, "a"))).positions());
            earlier.addAll(backend.append(append(stream, 1, events(3, "b"))).positions());
        }
        deleteWhere("position >= " + earlier.get(2));

        try (PostgresBackend backend = open()) {
            assertThat(backend.headPosition()).isEqualTo(earlier.get(1));
            long next = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "c"))).positions().get(0);

            assertThat(next).isGreaterThan(Collections.max(earlier));
            assertThat(backend.headPosition()).isEqualTo(next);
            assertThat(positions(backend.readAll(0, 10))).containsExactly(earlier.get(0), earlier.get(1), next);
        }
    }

    @Test
    void a_reader_of_the_log_crosses_a_hole_of_deleted_rows() throws SQLException {
        List<Long> written = new ArrayList<>();
        try (PostgresBackend backend = open()) {
            for (int i = 0; i < 10; i++) {
                written.addAll(backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "e"))).positions());
            }
        }
        deleteWhere("position BETWEEN " + written.get(2) + " AND " + written.get(7));
        List<Long> remaining = List.of(written.get(0), written.get(1), written.get(8), written.get(9));

        try (Annals annals = new Annals(open())) {
            StorageBackend backend = annals.backend();
            assertThat(positions(backend.readAll(written.get(1), 1))).containsExactly(written.get(8));
            assertThat(positions(backend.readAll(written.get(2), 5))).containsExactly(written.get(8), written.get(9));
            assertThat(positions(backend.readAll(-10, 5))).containsExactlyElementsOf(remaining);
            for (int limit = 1; limit <= 3; limit++) {
                assertThat(pages(backend::readAll, StoredEvent::position, 0, limit)).as("pages of %d", limit)
                        .containsExactlyElementsOf(remaining);
            }
            assertThat(positions(backend.readAllBackward(written.get(8), 1))).containsExactly(written.get(1));
            assertThat(backend.stats().events()).isEqualTo(4);
        }
    }

    @Test
    void a_reader_of_a_stream_crosses_holes_of_deleted_versions() throws SQLException {
        String stream = stream();
        try (PostgresBackend backend = open()) {
            backend.append(append(stream, AppendRequest.NO_STREAM, events(10, "x")));
            backend.append(append(stream, 9, events(10, "y")));
        }
        deleteWhere("version IN (0, 1, 2, 3, 4, 8, 9, 15, 19)");
        List<Long> remaining = List.of(5L, 6L, 7L, 10L, 11L, 12L, 13L, 14L, 16L, 17L, 18L);

        try (Annals annals = new Annals(open())) {
            StorageBackend backend = annals.backend();
            assertThat(versions(backend.readStream(stream, -1, 5))).containsExactly(5L, 6L, 7L, 10L, 11L);
            assertThat(versions(backend.readStream(stream, 7, 2))).containsExactly(10L, 11L);
            assertThat(versions(backend.readStream(stream, -10, 100))).containsExactlyElementsOf(remaining);
            assertThat(versions(backend.readStream(stream, 18, 100))).isEmpty();
            for (int limit = 1; limit <= 4; limit++) {
                assertThat(pages((after, n) -> backend.readStream(stream, after, n), StoredEvent::version, -1, limit))
                        .as("pages of %d", limit).containsExactlyElementsOf(remaining);
            }
            assertThat(annals.backend().currentVersion(stream)).hasValue(18);
        }
    }

    private PostgresBackend open() {
        return new PostgresBackend(SERVER.url(schema, "poolSize=2"));
    }

    private void deleteWhere(String condition) throws SQLException {
        try (Connection c = SERVER.connect();
                PreparedStatement delete = c.prepareStatement("DELETE FROM " + schema + ".events WHERE " + condition)) {
            assertThat(delete.executeUpdate()).as("rows deleted").isPositive();
        }
    }

    /**
     * The {@code key} (position or version) of every event after {@code after}, read in pages of
     * {@code limit} until a short page, as a reader of the SPI does; so every page but the last must be full.
     */
    private static List<Long> pages(BiFunction<Long, Integer, List<StoredEvent>> read, Function<StoredEvent, Long> key,
            long after, int limit) {
        List<Long> seen = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            List<StoredEvent> page = read.apply(after, limit);
            page.forEach(e -> seen.add(key.apply(e)));
            if (page.size() < limit) {
                return seen;
            }
            after = key.apply(page.get(page.size() - 1));
        }
        throw new AssertionError("the reads never ended: " + seen);
    }

    private static List<Long> positions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::position).toList();
    }

    private static List<Long> versions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::version).toList();
    }
}
