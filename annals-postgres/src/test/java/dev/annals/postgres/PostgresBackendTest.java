package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.event;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.AppendResult;
import dev.annals.DuplicateEventIdException;
import dev.annals.EventStoreConflictException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backend's own behaviour, beyond the conformance kit: SQL-level checks, schema, URLs, group commit. */
class PostgresBackendTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(PostgresBackendTest.class);
    private static PostgresBackend backend;

    @BeforeAll
    static void open() {
        backend = new PostgresBackend(SERVER.url(SCHEMA, ""));
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void appends_and_reads_back_exactly_what_was_written() {
        String stream = stream();
        Instant at = Instant.parse("2024-05-06T07:08:09.123456789Z");
        NewEvent withMetadata = new NewEvent(java.util.UUID.randomUUID(), "Noted", 3, "{\"k\":1}".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2, (byte) 255});
        AppendResult r = backend.append(new AppendRequest(stream, -1, List.of(event("a"), withMetadata), at));
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.positions()).hasSize(2);
        assertThat(r.positions().get(1)).isEqualTo(r.positions().get(0) + 1);
        List<StoredEvent> read = backend.readStream(stream, -1, 100);
        assertThat(read).hasSize(2);
        StoredEvent second = read.get(1);
        assertThat(second.eventId()).isEqualTo(withMetadata.eventId());
        assertThat(second.version()).isEqualTo(1);
        assertThat(second.schemaVersion()).isEqualTo(3);
        assertThat(second.recordedAt()).isEqualTo(at);
        assertThat(second.metadata()).isEqualTo(withMetadata.metadata());
        assertThat(second.payload()).isEqualTo(withMetadata.payload());
        assertThat(second.position()).isEqualTo(r.positions().get(1));
        assertThat(backend.currentVersion(stream)).hasValue(1);
        assertThat(backend.readStream(stream, 0, 100)).extracting(StoredEvent::version).containsExactly(1L);
    }

    @Test
    void exact_any_and_no_stream_versions_are_checked() {
        String stream = stream();
        assertThat(backend.append(append(stream, AppendRequest.ANY, events(2, "x"))).version()).isEqualTo(1);
        assertThatThrownBy(() -> backend.append(append(stream, AppendRequest.NO_STREAM, events(1, "y"))))
                .isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo(-1);
                    assertThat(e.actualVersion()).isEqualTo(1);
                });
        assertThatThrownBy(() -> backend.append(append(stream, 0, events(1, "y"))))
                .isInstanceOfSatisfying(EventStoreConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(1));
        assertThatThrownBy(() -> backend.append(append(stream(), 3, events(1, "y"))))
                .isInstanceOfSatisfying(EventStoreConflictException.class, e -> assertThat(e.actualVersion()).isEqualTo(-1));
        assertThat(backend.append(append(stream, 1, events(1, "z"))).version()).isEqualTo(2);
        assertThat(backend.append(append(stream, AppendRequest.ANY, List.of())).version()).isEqualTo(2);
        assertThatThrownBy(() -> backend.append(append(stream, 1, List.of()))).isInstanceOf(EventStoreConflictException.class);
        assertThat(backend.readStream(stream, -1, 100)).hasSize(3);
    }

    @Test
    void a_retried_append_is_recognized_and_a_reused_id_is_rejected() {
        String stream = stream();
        AppendRequest first = append(stream, -1, events(3, "r"));
        AppendResult original = backend.append(first);
        AppendResult retry = backend.append(first);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.positions()).isEqualTo(original.positions());
        assertThat(retry.version()).isEqualTo(2);
        NewEvent reused = first.events().get(0);
        NewEvent changed = new NewEvent(reused.eventId(), reused.type(), 1, new byte[0], "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> backend.append(append(stream, 2, List.of(changed)))).isInstanceOf(DuplicateEventIdException.class);
        assertThatThrownBy(() -> backend.append(append(stream(), -1, List.of(reused)))).isInstanceOf(DuplicateEventIdException.class);
        assertThat(backend.readStream(stream, -1, 100)).hasSize(3);
    }

    @Test
    void concurrent_writers_share_transactions_and_keep_their_own_outcomes() throws Exception {
        int writers = 6;
        int rounds = 50;
        String contested = stream();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> wins = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                wins.add(pool.submit(() -> {
                    String own = stream();
                    int won = 0;
                    for (int i = 0; i < rounds; i++) {
                        backend.append(append(own, i - 1, events(1, "own")));
                        long current = backend.currentVersion(contested).orElse(-1);
                        try {
                            backend.append(append(contested, current, events(1, "c")));
                            won++;
                        } catch (EventStoreConflictException expected) {
                            // another writer took this version
                        }
                    }
                    assertThat(backend.currentVersion(own)).hasValue(rounds - 1);
                    return won;
                }));
            }
            int total = 0;
            for (Future<Integer> f : wins) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            List<StoredEvent> contestedEvents = backend.readStream(contested, -1, 10_000);
            assertThat(contestedEvents).hasSize(total);
            for (int i = 0; i < contestedEvents.size(); i++) {
                assertThat(contestedEvents.get(i).version()).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
        List<StoredEvent> log = backend.readAll(0, 100_000);
        assertThat(log).extracting(StoredEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(log.get(log.size() - 1).position()).isEqualTo(backend.headPosition());
        assertThat(log).extracting(StoredEvent::stream).contains(contested);
    }

    @Test
    void snapshots_keep_the_newest_n_and_ignore_older_ones() {
        String stream = stream();
        Instant at = Instant.parse("2024-01-01T00:00:00.000000001Z");
        assertThat(backend.saveSnapshot(new StoredSnapshot(stream, 5, at, "fp", "h5", new byte[] {5}), 2)).isTrue();
        assertThat(backend.saveSnapshot(new StoredSnapshot(stream, 3, at, "fp", "h3", new byte[] {3}), 2)).isFalse();
        assertThat(backend.saveSnapshot(new StoredSnapshot(stream, 5, at, "fp", "h5b", new byte[] {6}), 2)).isTrue();
        assertThat(backend.saveSnapshot(new StoredSnapshot(stream, 9, at, "fp", "h9", new byte[] {9}), 2)).isTrue();
        assertThat(backend.saveSnapshot(new StoredSnapshot(stream, 12, at, "fp", "h12", new byte[] {12}), 2)).isTrue();
        assertThat(backend.snapshots(stream)).extracting(StoredSnapshot::version).containsExactly(12L, 9L);
        assertThat(backend.snapshotAtOrBefore(stream, 10)).get().satisfies(s -> {
            assertThat(s.version()).isEqualTo(9);
            assertThat(s.createdAt()).isEqualTo(at);
            assertThat(s.state()).containsExactly(9);
        });
        assertThat(backend.snapshotAtOrBefore(stream, 8)).isEmpty();
        backend.clearSnapshots(stream);
        assertThat(backend.snapshots(stream)).isEmpty();
    }

    @Test
    void streams_are_listed_in_name_order_with_their_versions() {
        String prefix = "list-" + java.util.UUID.randomUUID() + "-";
        backend.append(append(prefix + "b", -1, events(2, "b")));
        backend.append(append(prefix + "a", -1, events(1, "a")));
        backend.saveSnapshot(new StoredSnapshot(prefix + "b", 1, Instant.now(), "fp", "h", new byte[0]), 1);
        var listed = backend.listStreams(prefix, 2);
        assertThat(listed).extracting(s -> s.stream()).containsExactly(prefix + "a", prefix + "b");
        assertThat(listed.get(1).version()).isEqualTo(1);
        assertThat(listed.get(1).snapshots()).isEqualTo(1);
        var stats = backend.stats();
        List<StoredEvent> log = backend.readAll(0, 100_000);
        assertThat(stats.events()).isEqualTo(log.size());
        assertThat(stats.headPosition()).isEqualTo(backend.headPosition()).isEqualTo(log.get(log.size() - 1).position());
        assertThat(stats.streams()).isEqualTo(log.stream().map(StoredEvent::stream).distinct().count());
        assertThat(stats.sizeBytes()).isPositive();
    }

    @Test
    void opening_creates_the_schema_once_even_when_services_start_at_once() throws Exception {
        String schema = PgServer.newSchema(PostgresBackendTest.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PostgresBackend>> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opened.add(pool.submit(() -> new PostgresBackend(SERVER.url(schema, "poolSize=2"))));
            }
            for (Future<PostgresBackend> f : opened) {
                f.get(60, TimeUnit.SECONDS).close();
            }
            try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT array_agg(version) FROM " + schema + ".schema_version")) {
                rs.next();
                assertThat(rs.getString(1)).as("every migration applied once").isEqualTo(java.util.stream.IntStream
                        .rangeClosed(1, PostgresSchema.LATEST).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",", "{", "}")));
            }
        } finally {
            pool.shutdownNow();
            SERVER.dropSchema(schema);
        }
    }

    @Test
    void a_schema_from_a_newer_annals_is_refused() throws Exception {
        String schema = PgServer.newSchema(PostgresBackendTest.class);
        try {
            new PostgresBackend(SERVER.url(schema, "")).close();
            try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (99)");
            }
            assertThatThrownBy(() -> new PostgresBackend(SERVER.url(schema, "")))
                    .isInstanceOf(StoreOpenException.class).hasMessageContaining("schema version 99");
        } finally {
            SERVER.dropSchema(schema);
        }
    }

    @Test
    void opens_by_url_through_the_service_loader_and_over_a_callers_data_source() {
        try (Annals annals = Annals.open("jdbc:" + SERVER.url(SCHEMA, "poolSize=2"))) {
            assertThat(annals.backend().describe()).startsWith("postgresql://").contains("schema=" + SCHEMA).doesNotContain("password");
        }
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setServerNames(new String[] {SERVER.host});
        ds.setPortNumbers(new int[] {SERVER.port});
        ds.setDatabaseName(SERVER.database);
        ds.setUser(SERVER.user);
        if (SERVER.password != null) {
            ds.setPassword(SERVER.password);
        }
        String stream = stream();
        try (PostgresBackend own = new PostgresBackend(ds, PostgresOptions.DEFAULTS.withSchema(SCHEMA))) {
            own.append(append(stream, -1, events(1, "ds")));
        }
        assertThat(backend.currentVersion(stream)).hasValue(0);
    }

    @Test
    void driver_parameters_reach_the_server_exactly_as_escaped_in_the_url() throws Exception {
        Map<String, String> escapedToValue = Map.of("ApplicationName=100%25", "100%",
                "ApplicationName=x%26socketTimeout%3D1", "x&socketTimeout=1");
        for (Map.Entry<String, String> parameter : escapedToValue.entrySet()) {
            try (PostgresBackend opened = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1&" + parameter.getKey()))) {
                opened.headPosition();
                assertThat(applicationNames()).as(parameter.getKey()).contains(parameter.getValue());
            }
        }
    }

    @Test
    void a_reserved_word_names_a_schema_like_any_other() {
        String reserved = "select";
        try (PostgresBackend store = new PostgresBackend(SERVER.url(reserved, "poolSize=1"))) {
            String stream = stream();
            store.append(append(stream, AppendRequest.NO_STREAM, events(2, "kw")));
            store.saveSnapshot(new StoredSnapshot(stream, 1, Instant.now(), "fp", "h", new byte[] {1}), 1);
            assertThat(store.readStream(stream, -1, 10)).hasSize(2);
            assertThat(store.readAll(0, 10)).isNotEmpty();
            assertThat(store.snapshots(stream)).hasSize(1);
            assertThat(store.stats().events()).isPositive();
        } finally {
            SERVER.dropSchema(reserved);
        }
    }

    private static List<String> applicationNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name FROM pg_stat_activity WHERE datname = current_database()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void an_unreachable_server_fails_to_open_with_a_clear_message() {
        assertThatThrownBy(() -> new PostgresBackend("postgresql://127.0.0.1:1/nowhere?user=x&password=secret"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("secret");
    }

    @Test
    void a_closed_store_refuses_calls() {
        PostgresBackend closed = new PostgresBackend(SERVER.url(SCHEMA, "poolSize=1"));
        closed.close();
        assertThatThrownBy(() -> closed.headPosition()).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    @Test
    void an_application_role_without_create_rights_opens_a_store_that_exists() throws Exception {
        String role = "annals_app_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + SCHEMA + " TO " + role);
            s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + SCHEMA + " TO " + role);
            s.execute("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA " + SCHEMA + " TO " + role);
        }
        String url = "postgresql://" + SERVER.host + ":" + SERVER.port + "/" + SERVER.database + "?user=" + role + "&schema=" + SCHEMA;
        try (PostgresBackend asApplication = new PostgresBackend(url)) {
            String stream = stream();
            assertThat(asApplication.append(append(stream, -1, events(2, "app"))).version()).isEqualTo(1);
            assertThat(asApplication.readStream(stream, -1, 10)).hasSize(2);
        } finally {
            try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
                s.execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + SCHEMA + " FROM " + role);
                s.execute("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA " + SCHEMA + " FROM " + role);
                s.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + SCHEMA + " FROM " + role);
                s.execute("REVOKE ALL ON SCHEMA " + SCHEMA + " FROM " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }
}
