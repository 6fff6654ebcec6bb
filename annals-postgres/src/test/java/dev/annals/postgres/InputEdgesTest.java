package dev.annals.postgres;

import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every value the SPI accepts is stored and read back exactly, at each limit of {@link Limits}; what
 * PostgreSQL cannot store is refused as an {@link InvalidArgumentException}, never a raw driver or
 * date-time error, and leaves the store unchanged.
 */
class InputEdgesTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(InputEdgesTest.class);
    private static Annals annals;
    private static StorageBackend backend;

    @BeforeAll
    static void open() {
        annals = new Annals(new PostgresBackend(SERVER.url(SCHEMA, "poolSize=2")));
        backend = annals.backend();
    }

    @AfterAll
    static void close() {
        annals.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void the_longest_names_the_largest_event_and_the_earliest_and_latest_times_are_stored_exactly() {
        String stream = "\uD83D\uDE00".repeat(Limits.MAX_STREAM_NAME_BYTES / 4);
        String type = "\u00E9".repeat(Limits.MAX_TYPE_NAME_BYTES / 2);
        byte[] payload = new byte[Limits.MAX_EVENT_BYTES - 3];
        payload[0] = 0;
        payload[payload.length - 1] = (byte) 255;
        NewEvent largest = new NewEvent(UUID.randomUUID(), type, Integer.MAX_VALUE, new byte[] {0, 1, 2}, payload);
        Instant earliest = Limits.EARLIEST_TIME;
        Instant latest = Limits.LATEST_TIME.minusNanos(1);

        backend.append(new AppendRequest(stream, AppendRequest.NO_STREAM, List.of(largest), earliest));
        backend.append(new AppendRequest(stream, 0, List.of(Events.event("late")), latest));

        List<StoredEvent> read = backend.readStream(stream, -1, 10);
        assertThat(read).extracting(StoredEvent::recordedAt).containsExactly(earliest, latest);
        assertThat(read.get(0).type()).isEqualTo(type);
        assertThat(read.get(0).schemaVersion()).isEqualTo(Integer.MAX_VALUE);
        assertThat(read.get(0).payload()).isEqualTo(payload);
        assertThat(read.get(0).metadata()).containsExactly(0, 1, 2);
        assertThat(backend.listStreams(null, 100_000)).extracting(s -> s.stream()).contains(stream);

        backend.saveSnapshot(new StoredSnapshot(stream, 0, earliest, "fp", "h0", new byte[] {0}), 2);
        backend.saveSnapshot(new StoredSnapshot(stream, 1, latest, "fp", "h1", new byte[] {1}), 2);
        assertThat(backend.snapshots(stream)).extracting(StoredSnapshot::createdAt).containsExactly(latest, earliest);
    }

    @Test
    void a_snapshot_with_a_nul_character_postgres_cannot_store_is_refused_as_invalid_before_it_reaches_the_store() {
        String stream = stream();

        assertThatThrownBy(() -> new StoredSnapshot(stream, 3, Instant.now(), "finger\u0000print", "h", new byte[] {3}))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("NUL");
        assertThat(backend.snapshots(stream)).isEmpty();
    }

    @Test
    void reads_at_the_extremes_of_their_arguments_answer_without_error() {
        String stream = stream();
        backend.append(new AppendRequest(stream, AppendRequest.NO_STREAM, Events.events(3, "x"), Instant.now()));

        assertThat(backend.readStream(stream, Long.MAX_VALUE, Integer.MAX_VALUE)).isEmpty();
        assertThat(backend.readStream(stream, Long.MIN_VALUE, Integer.MAX_VALUE)).hasSize(3);
        assertThat(backend.readAll(Long.MAX_VALUE, Integer.MAX_VALUE)).isEmpty();
        assertThat(backend.readAll(Long.MIN_VALUE, 1)).hasSize(1);
        assertThat(backend.readAllBackward(Long.MAX_VALUE, 1)).hasSize(1);
        assertThat(backend.snapshotAtOrBefore(stream, Long.MAX_VALUE)).isEmpty();
        assertThat(backend.listStreams("\uDBFF\uDFFF", Integer.MAX_VALUE)).extracting(s -> s.stream()).doesNotContain(stream);
        assertThatThrownBy(() -> backend.listStreams("a\u0000", 1)).isInstanceOf(InvalidArgumentException.class);
    }
}
