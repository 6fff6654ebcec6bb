package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.AppendResult;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A store written by version 1 of the schema (positions numbered {@code max(position) + 1}) is migrated
 * on open, keeps its events, and numbers new events above every earlier one, also once the newest rows
 * are deleted. Version 1's DDL is copied here as it was released, so that the test keeps meaning the
 * same whatever later migrations do. A store of version 2 gains the subscription tables, and its appends
 * start to notify listeners. Versions 1 and 2 are copied as released.
 */
class SchemaMigrationTest {

    private static final PgServer SERVER = PgServer.get();
    private String schema;

    @BeforeEach
    void newSchema() {
        schema = PgServer.newSchema(SchemaMigrationTest.class);
    }

    @AfterEach
    void dropSchema() {
        SERVER.dropSchema(schema);
    }

    @Test
    void a_version_1_store_is_migrated_and_positions_continue_above_its_events_even_after_its_head_is_deleted() throws Exception {
        String stream = stream();
        List<Long> written = new ArrayList<>();
        try (Connection c = SERVER.connect()) {
            createVersion1(c);
            written.addAll(appendAsReleased(c, append(stream, AppendRequest.NO_STREAM, events(2, "v1"))));
            written.addAll(appendAsReleased(c, append(stream, 1, events(2, "v1"))));
        }
        assertThat(written).as("version 1 numbers densely").containsExactly(1L, 2L, 3L, 4L);

        try (PostgresBackend backend = open()) {
            assertThat(appliedVersions()).isEqualTo(everyVersion());
            assertThat(backend.readStream(stream, -1, 10)).extracting(StoredEvent::position).containsExactlyElementsOf(written);
            execute("DELETE FROM " + schema + ".events WHERE position >= 3");

            AppendResult after = backend.append(append(stream, 1, events(1, "v2")));

            assertThat(after.positions()).as("version 1 would have given 3 again").containsExactly(5L);
            written.addAll(after.positions());
        }
        execute("DELETE FROM " + schema + ".events WHERE position = 5");
        try (PostgresBackend reopened = open()) {
            long next = reopened.append(append(stream(), AppendRequest.NO_STREAM, events(1, "v2"))).positions().get(0);
            assertThat(next).isGreaterThan(Collections.max(written));
        }
    }

    @Test
    void rows_numbered_outside_the_sequence_are_never_collided_with() throws Exception {
        try (PostgresBackend backend = open()) {
            long first = backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "a"))).positions().get(0);
            // As a call of version 1's function that waited out the migration, or rows copied in by hand, would.
            execute("INSERT INTO " + schema + ".events SELECT position + 10, stream || '-copy', version, gen_random_uuid(), type, "
                    + "schema_version, recorded_at, recorded_ns, metadata, payload FROM " + schema + ".events WHERE position = " + first);

            List<Long> next = backend.append(append(stream(), AppendRequest.NO_STREAM, events(2, "b"))).positions();

            assertThat(next).containsExactly(first + 11, first + 12);
            assertThat(backend.append(append(stream(), AppendRequest.NO_STREAM, events(1, "c"))).positions()).containsExactly(first + 13);
        }
    }

    @Test
    void a_version_2_store_gains_the_subscription_tables_keeps_its_events_and_its_appends_notify_once_per_transaction() throws Exception {
        String stream = stream();
        List<Long> written;
        try (Connection c = SERVER.connect()) {
            createVersion1(c);
            try (Statement s = c.createStatement()) {
                for (String ddl : VERSION_2) {
                    s.execute(String.format(ddl, schema, LockKeys.APPEND, LockKeys.appendKey(schema)));
                }
                s.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (2)");
            }
            written = appendAsReleased(c, append(stream, AppendRequest.NO_STREAM, events(3, "v2")));
        }

        try (PostgresBackend backend = open(); Connection listening = SERVER.connect()) {
            assertThat(appliedVersions()).isEqualTo(everyVersion());
            assertThat(backend.readStream(stream, -1, 10)).extracting(StoredEvent::position).containsExactlyElementsOf(written);
            try (Statement s = listening.createStatement()) {
                s.execute("LISTEN \"" + PostgresSchema.channel(schema) + "\"");
            }

            long next = backend.append(append(stream, 2, events(2, "v3"))).positions().get(1);
            long token = backend.subscriptionStorage().orElseThrow().acquireLease("migrated", 0, "me", Duration.ofSeconds(5))
                    .orElseThrow();
            backend.subscriptionStorage().orElseThrow().saveCheckpoint("migrated", 0, token, next);

            try (Connection c = SERVER.connect()) {
                // Two appends in one implicit transaction, as a group-commit batch: one notification.
                new PostgresAppender(schema).call(c, List.of(append(stream(), AppendRequest.NO_STREAM, events(1, "a")),
                        append(stream(), AppendRequest.NO_STREAM, events(1, "b"))), false);
            }

            List<PGNotification> heard = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (heard.size() < 2 && System.nanoTime() < deadline) {
                heard.addAll(List.of(listening.unwrap(PGConnection.class).getNotifications(100)));
            }
            heard.addAll(List.of(listening.unwrap(PGConnection.class).getNotifications(300)));
            assertThat(heard).as("one per transaction, with an empty payload").extracting(PGNotification::getParameter)
                    .containsExactly("", "");
            assertThat(backend.subscriptionStorage().orElseThrow().subscriptions()).singleElement()
                    .satisfies(r -> assertThat(r.checkpoint()).isEqualTo(next));
        }
    }

    private PostgresBackend open() {
        return new PostgresBackend(SERVER.url(schema, "poolSize=2"));
    }

    private String appliedVersions() throws SQLException {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT array_agg(version ORDER BY version) FROM " + schema + ".schema_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** "{1,2,…,LATEST}": every migration applied, once. */
    private static String everyVersion() {
        return IntStream.rangeClosed(1, PostgresSchema.LATEST).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * Appends as a process of schema versions 1 to 4 did: one call of the function as released, with one
     * recorded-at time for the whole append (version 5 gave each event its own); the positions it wrote.
     */
    private List<Long> appendAsReleased(Connection c, AppendRequest request) throws SQLException {
        int n = request.events().size();
        try (PreparedStatement ps = c.prepareStatement("SELECT first_position, inserted FROM " + schema
                + ".append(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, request.stream());
            ps.setLong(2, request.expectedVersion());
            ps.setArray(3, c.createArrayOf("uuid", request.events().stream().map(NewEvent::eventId).toArray(UUID[]::new)));
            ps.setArray(4, c.createArrayOf("text", request.events().stream().map(NewEvent::type).toArray(String[]::new)));
            ps.setArray(5, c.createArrayOf("int4", request.events().stream().map(NewEvent::schemaVersion).toArray(Integer[]::new)));
            ps.setArray(6, c.createArrayOf("bytea", request.events().stream().map(NewEvent::metadata).toArray(byte[][]::new)));
            ps.setArray(7, c.createArrayOf("bytea", request.events().stream().map(NewEvent::payload).toArray(byte[][]::new)));
            ps.setObject(8, Instants.micros(request.recordedAt()));
            ps.setShort(9, Instants.subMicroNanos(request.recordedAt()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(2)).as("events written").isEqualTo(n);
                long first = rs.getLong(1);
                return LongStream.range(first, first + n).boxed().toList();
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Schema version 1, as released. */
    private void createVersion1(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            for (String ddl : VERSION_1) {
                s.execute(String.format(ddl, schema, LockKeys.APPEND, LockKeys.appendKey(schema)));
            }
            s.execute("INSERT INTO " + schema + ".schema_version (version) VALUES (1)");
        }
    }

    private static final List<String> VERSION_1 = List.of(
            """
            CREATE TABLE %1$s.events (
                position       bigint      NOT NULL,
                stream         text        NOT NULL,
                version        bigint      NOT NULL,
                event_id       uuid        NOT NULL,
                type           text        NOT NULL,
                schema_version integer     NOT NULL,
                recorded_at    timestamptz NOT NULL,
                recorded_ns    smallint    NOT NULL,
                metadata       bytea       NOT NULL,
                payload        bytea       NOT NULL,
                CONSTRAINT events_pkey PRIMARY KEY (position),
                CONSTRAINT events_stream_version_key UNIQUE (stream, version),
                CONSTRAINT events_event_id_key UNIQUE (event_id)
            )""",
            """
            CREATE TABLE %1$s.snapshots (
                stream      text        NOT NULL,
                version     bigint      NOT NULL,
                created_at  timestamptz NOT NULL,
                created_ns  smallint    NOT NULL,
                fingerprint text        NOT NULL,
                hash        text        NOT NULL,
                state       bytea       NOT NULL,
                CONSTRAINT snapshots_pkey PRIMARY KEY (stream, version)
            )""",
            """
            CREATE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_at timestamptz, p_recorded_ns smallint,
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE plpgsql VOLATILE
            SET enable_seqscan = off
            AS $$
            BEGIN
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'Annals appends need READ COMMITTED isolation, not %%',
                        current_setting('transaction_isolation') USING ERRCODE = '25001';
                END IF;
                PERFORM pg_advisory_xact_lock(%2$d, %3$d);
                SELECT e.version INTO current_version FROM %1$s.events e
                    WHERE e.stream = p_stream ORDER BY e.version DESC LIMIT 1;
                current_version := coalesce(current_version, -1);
                duplicate_ids := EXISTS (SELECT 1 FROM %1$s.events e WHERE e.event_id = ANY (p_ids));
                inserted := 0;
                IF duplicate_ids OR (p_expected <> -2 AND p_expected <> current_version) THEN
                    RETURN;
                END IF;
                SELECT coalesce((SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1), 0) + 1
                    INTO first_position;
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_position + n.ord - 1, p_stream, current_version + n.ord, n.id, n.type, n.schema_version,
                           p_recorded_at, p_recorded_ns, n.metadata, n.payload
                    FROM unnest(p_ids, p_types, p_schema_versions, p_metadata, p_payloads)
                        WITH ORDINALITY AS n(id, type, schema_version, metadata, payload, ord);
                GET DIAGNOSTICS inserted = ROW_COUNT;
            END
            $$""");

    /** Schema version 2, as released. */
    private static final List<String> VERSION_2 = List.of(
            "CREATE SEQUENCE %1$s.positions AS bigint MINVALUE 1",
            "SELECT pg_advisory_xact_lock(%2$d, %3$d)",
            "SELECT setval('%1$s.positions', coalesce(max(position), 0) + 1, false) FROM %1$s.events",
            // Same signature and answers as version 1, so that a process already running version 1's code
            // keeps working with it. See PostgresAppender for why the numbering follows commit order.
            """
            CREATE OR REPLACE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_at timestamptz, p_recorded_ns smallint,
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE plpgsql VOLATILE
            -- Every statement here is an index lookup by design. PL/pgSQL caches its plans for the life of the
            -- session, and a plan made while the table was small (or not yet analyzed) would scan it whole
            -- for ever after; forbidding sequential scans keeps the cached plans right at every size.
            SET enable_seqscan = off
            AS $$
            DECLARE
                n integer := coalesce(cardinality(p_ids), 0);
                given bigint;
            BEGIN
                -- Commit-ordered positions need each statement below to see every append committed before
                -- the lock was granted, which only READ COMMITTED gives.
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'Annals appends need READ COMMITTED isolation, not %%',
                        current_setting('transaction_isolation') USING ERRCODE = '25001';
                END IF;
                -- Held until commit; taking it again later in the same transaction costs nothing.
                PERFORM pg_advisory_xact_lock(%2$d, %3$d);
                SELECT e.version INTO current_version FROM %1$s.events e
                    WHERE e.stream = p_stream ORDER BY e.version DESC LIMIT 1;
                current_version := coalesce(current_version, -1);
                duplicate_ids := EXISTS (SELECT 1 FROM %1$s.events e WHERE e.event_id = ANY (p_ids));
                inserted := 0;
                first_position := 0;
                IF duplicate_ids OR n = 0 OR (p_expected <> -2 AND p_expected <> current_version) THEN
                    RETURN;
                END IF;
                -- The events of one append take consecutive positions. The sequence decides; the newest row
                -- only counts when something numbered rows outside it (a call of version 1's function that
                -- waited for the lock while the schema was migrated, rows copied in by hand).
                given := nextval('%1$s.positions');
                first_position := greatest(given,
                    coalesce((SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1), 0) + 1);
                IF first_position + n - 1 > given THEN
                    PERFORM setval('%1$s.positions', first_position + n - 1);
                END IF;
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_position + n.ord - 1, p_stream, current_version + n.ord, n.id, n.type, n.schema_version,
                           p_recorded_at, p_recorded_ns, n.metadata, n.payload
                    FROM unnest(p_ids, p_types, p_schema_versions, p_metadata, p_payloads)
                        WITH ORDINALITY AS n(id, type, schema_version, metadata, payload, ord);
                GET DIAGNOSTICS inserted = ROW_COUNT;
            END
            $$""");
}
