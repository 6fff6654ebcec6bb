package dev.annals.postgres;

import dev.annals.StoreOpenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates and migrates Annals' tables in one PostgreSQL schema.
 *
 * <p>Every migration is a numbered list of DDL statements ({@code %1$s} is the quoted schema,
 * {@code %2$d} and {@code %3$d} the keys of the append lock); the applied numbers are recorded in
 * {@code <schema>.schema_version}. {@link #migrate} runs all missing ones in one transaction under a
 * transaction-scoped advisory lock, so two services opening the same store at once do not race: the
 * second waits, then finds the schema current. A schema written by a newer Annals is refused rather
 * than guessed at.
 *
 * <p>Stateless; thread-safe.
 */
final class PostgresSchema {

    /**
     * Version 1: the events and snapshots tables and the {@code append} function, which numbered events
     * {@code max(position) + 1 …} (replaced by version 2).
     */
    private static final List<String> V1 = List.of(
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
            // One append, as one call (one round trip). VOLATILE, so in READ COMMITTED every statement after
            // the lock takes a fresh snapshot that includes every append committed before the lock was granted;
            // PL/pgSQL keeps the statements' plans, so nothing is planned per call. See PostgresAppender.
            """
            CREATE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_at timestamptz, p_recorded_ns smallint,
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE plpgsql VOLATILE
            -- Every statement here is an index lookup by design. PL/pgSQL caches its plans for the life of the
            -- session, and a plan made while the table was small (or not yet analyzed) would scan it whole
            -- for ever after; forbidding sequential scans keeps the cached plans right at every size.
            SET enable_seqscan = off
            AS $$
            BEGIN
                -- The gap-free order needs each statement below to see every append committed before
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

    /**
     * Version 2: positions are never given twice. The sequence {@code positions} holds the last position
     * given; it only moves forward, also when the newest events are removed, and survives restarts. An
     * existing store continues above its newest event (the positions of events removed before this
     * migration are not known); appends wait meanwhile, as the migration holds their lock.
     */
    private static final List<String> V2 = List.of(
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

    /**
     * Version 3: what subscriptions keep, and a notification per append. {@code subscription_partitions}
     * holds each partition's checkpoint and lease (owner, fencing token, expiry by the server's clock);
     * {@code parked_events} the events a subscription gave up on. The {@code append} function, same
     * signature and answers as before, also notifies channel {@code %4$s} (see {@link #channel}) with the
     * last position it wrote: NOTIFY is transactional, so listeners hear of an append when it commits, and
     * never of one rolled back.
     */
    private static final List<String> V3 = List.of(
            """
            CREATE TABLE %1$s.subscription_partitions (
                name             text        NOT NULL,
                partition        integer     NOT NULL,
                checkpoint       bigint,
                reset_pending    boolean     NOT NULL DEFAULT false,
                owner            text,
                token            bigint      NOT NULL DEFAULT 0,
                lease_expires_at timestamptz,
                CONSTRAINT subscription_partitions_pkey PRIMARY KEY (name, partition)
            )""",
            """
            CREATE TABLE %1$s.parked_events (
                name            text        NOT NULL,
                partition       integer     NOT NULL,
                position        bigint      NOT NULL,
                event_id        uuid        NOT NULL,
                stream          text        NOT NULL,
                error           text        NOT NULL,
                attempts        integer     NOT NULL,
                parked_at       timestamptz NOT NULL,
                retry_requested boolean     NOT NULL DEFAULT false,
                CONSTRAINT parked_events_pkey PRIMARY KEY (name, position)
            )""",
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
                -- Delivered when the transaction commits; subscriptions waiting for the log to grow wake up.
                PERFORM pg_notify('%4$s', (first_position + n - 1)::text);
            END
            $$""");

    /**
     * Version 4: the same function, cheaper per append. It notifies with an empty payload, which
     * PostgreSQL folds into one notification per transaction (it drops a notification identical to one
     * already queued by the transaction), so a group-committed batch wakes listeners once rather than once
     * per append; listeners treat a notification as a doorbell and read the log. (A notification per append
     * also kept the listener's driver from returning while they streamed in: it drains the socket for as
     * long as the next message arrives within a millisecond.) An append of several events takes its
     * positions with one {@code nextval} per event, consecutive under the lock, instead of a
     * {@code setval}, which wrote a WAL record per append.
     */
    private static final List<String> V4 = List.of(
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
                newest bigint;
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
                -- The events of one append take consecutive positions: nobody else draws from the sequence
                -- while the lock is held. The newest row only counts when something numbered rows outside
                -- the sequence (rows copied in by hand, a version 1 process during the migration).
                first_position := nextval('%1$s.positions');
                IF n > 1 THEN
                    PERFORM nextval('%1$s.positions') FROM generate_series(2, n);
                END IF;
                newest := (SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1);
                IF newest >= first_position THEN
                    first_position := newest + 1;
                    PERFORM setval('%1$s.positions', first_position + n - 1);
                END IF;
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_position + n.ord - 1, p_stream, current_version + n.ord, n.id, n.type, n.schema_version,
                           p_recorded_at, p_recorded_ns, n.metadata, n.payload
                    FROM unnest(p_ids, p_types, p_schema_versions, p_metadata, p_payloads)
                        WITH ORDINALITY AS n(id, type, schema_version, metadata, payload, ord);
                GET DIAGNOSTICS inserted = ROW_COUNT;
                -- Delivered when the transaction commits, once per transaction however many appends it holds.
                PERFORM pg_notify('%4$s', '');
            END
            $$""");

    /**
     * Version 5: each event of an append has its own recorded-at time (a copy from another store keeps
     * every event's; an ordinary append gives all its events the same), as epoch microseconds and the
     * nanoseconds below them. The function with one time for the whole append stays, as a call of this
     * one, for processes of version 4 while the schema is migrated.
     */
    private static final List<String> V5 = List.of(
            """
            CREATE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_micros bigint[], p_recorded_ns smallint[],
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE plpgsql VOLATILE
            -- Every statement here is an index lookup by design. PL/pgSQL caches its plans for the life of the
            -- session, and a plan made while the table was small (or not yet analyzed) would scan it whole
            -- for ever after; forbidding sequential scans keeps the cached plans right at every size.
            SET enable_seqscan = off
            AS $$
            DECLARE
                n integer := coalesce(cardinality(p_ids), 0);
                newest bigint;
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
                -- The events of one append take consecutive positions: nobody else draws from the sequence
                -- while the lock is held. The newest row only counts when something numbered rows outside
                -- the sequence (rows copied in by hand, a version 1 process during the migration).
                first_position := nextval('%1$s.positions');
                IF n > 1 THEN
                    PERFORM nextval('%1$s.positions') FROM generate_series(2, n);
                END IF;
                newest := (SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1);
                IF newest >= first_position THEN
                    first_position := newest + 1;
                    PERFORM setval('%1$s.positions', first_position + n - 1);
                END IF;
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_position + n.ord - 1, p_stream, current_version + n.ord, n.id, n.type, n.schema_version,
                           to_timestamp(n.micros / 1000000) + (n.micros %% 1000000) * interval '1 microsecond', n.ns,
                           n.metadata, n.payload
                    FROM unnest(p_ids, p_types, p_schema_versions, p_metadata, p_payloads, p_recorded_micros, p_recorded_ns)
                        WITH ORDINALITY AS n(id, type, schema_version, metadata, payload, micros, ns, ord);
                GET DIAGNOSTICS inserted = ROW_COUNT;
                -- Delivered when the transaction commits, once per transaction however many appends it holds.
                PERFORM pg_notify('%4$s', '');
            END
            $$""",
            """
            CREATE OR REPLACE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_at timestamptz, p_recorded_ns smallint,
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE sql VOLATILE
            AS $$
                SELECT * FROM %1$s.append(p_stream, p_expected, p_ids, p_types, p_schema_versions, p_metadata, p_payloads,
                    array_fill((extract(epoch FROM p_recorded_at) * 1000000)::int8, ARRAY[coalesce(cardinality(p_ids), 0)]),
                    array_fill(p_recorded_ns, ARRAY[coalesce(cardinality(p_ids), 0)]))
            $$""");

    /**
     * Version 6: the wrapped data keys of crypto-shredding, one row per subject ({@link PostgresKeys}). The
     * subject is compared byte-wise ({@code COLLATE "C"}) so that keys page in the same order on every server.
     */
    private static final List<String> V6 = List.of(
            """
            CREATE TABLE %1$s.data_keys (
                subject     text COLLATE "C" NOT NULL,
                wrapped_key bytea NOT NULL,
                CONSTRAINT data_keys_pkey PRIMARY KEY (subject)
            )""");

    /**
     * Version 7: deleted and truncated streams. {@code removed_streams} keeps, per stream, the versions a
     * soft delete hides ({@code deleted_before}), the events a truncation removed ({@code truncated_before})
     * and whether it was deleted for good ({@code hard_deleted}); the {@code append} function checks the
     * expected version against what reads see, writes after the last stored version, and never writes a
     * stream deleted for good.
     */
    private static final List<String> V7 = List.of(
            """
            CREATE TABLE %1$s.removed_streams (
                stream           text    NOT NULL,
                deleted_before   bigint  NOT NULL DEFAULT 0,
                truncated_before bigint  NOT NULL DEFAULT 0,
                hard_deleted     boolean NOT NULL DEFAULT false,
                CONSTRAINT removed_streams_pkey PRIMARY KEY (stream)
            )""",
            """
            CREATE OR REPLACE FUNCTION %1$s.append(
                p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_schema_versions integer[],
                p_metadata bytea[], p_payloads bytea[], p_recorded_micros bigint[], p_recorded_ns smallint[],
                OUT current_version bigint, OUT duplicate_ids boolean, OUT first_position bigint, OUT inserted integer)
            LANGUAGE plpgsql VOLATILE
            -- Every statement here is an index lookup by design. PL/pgSQL caches its plans for the life of the
            -- session, and a plan made while the table was small (or not yet analyzed) would scan it whole
            -- for ever after; forbidding sequential scans keeps the cached plans right at every size.
            SET enable_seqscan = off
            AS $$
            DECLARE
                n integer := coalesce(cardinality(p_ids), 0);
                newest bigint;
                removed_before bigint;
                removed_for_good boolean;
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
                -- A soft delete hides the versions below deleted_before: the expected version is checked against
                -- what reads see, and the events are written after the last stored version. A stream deleted
                -- for good is never written; the caller reads why.
                SELECT r.deleted_before, r.hard_deleted INTO removed_before, removed_for_good FROM %1$s.removed_streams r
                    WHERE r.stream = p_stream;
                IF coalesce(removed_for_good, false) OR duplicate_ids OR n = 0 OR (p_expected <> -2 AND p_expected <>
                        CASE WHEN current_version >= coalesce(removed_before, 0) THEN current_version ELSE -1 END) THEN
                    RETURN;
                END IF;
                -- The events of one append take consecutive positions: nobody else draws from the sequence
                -- while the lock is held. The newest row only counts when something numbered rows outside
                -- the sequence (rows copied in by hand, a version 1 process during the migration).
                first_position := nextval('%1$s.positions');
                IF n > 1 THEN
                    PERFORM nextval('%1$s.positions') FROM generate_series(2, n);
                END IF;
                newest := (SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1);
                IF newest >= first_position THEN
                    first_position := newest + 1;
                    PERFORM setval('%1$s.positions', first_position + n - 1);
                END IF;
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_position + n.ord - 1, p_stream, current_version + n.ord, n.id, n.type, n.schema_version,
                           to_timestamp(n.micros / 1000000) + (n.micros %% 1000000) * interval '1 microsecond', n.ns,
                           n.metadata, n.payload
                    FROM unnest(p_ids, p_types, p_schema_versions, p_metadata, p_payloads, p_recorded_micros, p_recorded_ns)
                        WITH ORDINALITY AS n(id, type, schema_version, metadata, payload, micros, ns, ord);
                GET DIAGNOSTICS inserted = ROW_COUNT;
                -- Delivered when the transaction commits, once per transaction however many appends it holds.
                PERFORM pg_notify('%4$s', '');
            END
            $$""");

    /**
     * Version 8: the {@code append} function continues a stream after the marks of its deletes and truncation
     * also when none of its events is stored (a copy of a store records a truncated stream's mark before its
     * remaining events): it writes after {@code greatest(last stored version, deleted_before - 1,
     * truncated_before - 1)}, as {@code StreamState.stored} does, and checks the expected version against what
     * reads see, the truncation included. The function is version 7's with those lines changed.
     */
    private static final List<String> V8 = List.of(changed(V7.get(1),
            """
                removed_for_good boolean;
            """,
            """
                removed_for_good boolean;
                truncated bigint;
            """,
            """
                SELECT r.deleted_before, r.hard_deleted INTO removed_before, removed_for_good FROM %1$s.removed_streams r
                    WHERE r.stream = p_stream;
            """,
            """
                SELECT r.deleted_before, r.truncated_before, r.hard_deleted INTO removed_before, truncated, removed_for_good
                    FROM %1$s.removed_streams r WHERE r.stream = p_stream;
                current_version := greatest(current_version, coalesce(removed_before, 0) - 1, coalesce(truncated, 0) - 1);
            """,
            "CASE WHEN current_version >= coalesce(removed_before, 0) THEN",
            "CASE WHEN current_version >= greatest(coalesce(removed_before, 0), coalesce(truncated, 0)) THEN"));

    /**
     * Version 9: an {@code append} function that probes for taken event ids only when asked ({@code p_probe_ids}).
     * Group commit asks it not to: the unique index on {@code event_id} refuses a taken id anyway, which rolls the
     * batch back, and each append of it then runs alone and is decided after the violation (see
     * {@link AppendBatch}). Taken ids are rare (an exact retry is usually stopped by its version first), and the
     * probe is an index descent per event under the append lock, so dropping it from the hot path shortens the
     * lock's hold time for every commit. A caller inside a transaction of its own (a multi-stream append) asks
     * for the probe, so that a taken id is reported without failing its transaction. The function is version
     * 8's with those lines changed; version 8's stays for processes that still call it.
     */
    private static final List<String> V9 = List.of(changed(V8.get(0),
            "p_recorded_micros bigint[], p_recorded_ns smallint[],\n",
            "p_recorded_micros bigint[], p_recorded_ns smallint[], p_probe_ids boolean,\n",
            """
                duplicate_ids := EXISTS (SELECT 1 FROM %1$s.events e WHERE e.event_id = ANY (p_ids));
            """,
            """
                duplicate_ids := false;
                IF p_probe_ids THEN
                    duplicate_ids := EXISTS (SELECT 1 FROM %1$s.events e WHERE e.event_id = ANY (p_ids));
                END IF;
            """));

    /**
     * Version 10: {@code append_batch}, any number of appends in one call; it replaces {@code append}, which stays for
     * processes that still call it. It checks each append as {@code append} does, in order, an append to a stream
     * named earlier in the call continuing from that one's outcome (with the probe for taken ids when asked, as a
     * multi-stream append asks; group commit does not); then it takes the positions of all the events written at
     * once and inserts them with one statement. A group-commit batch of k appends was k calls of {@code append}: k
     * times the executor's start and end for each of its statements, k position draws and k inserts, all under the
     * append lock. Events are passed flat, in the order of their appends, each with the (1-based) index of its append
     * and its ordinal in that append. The answers are arrays indexed like the appends: the stream's version before
     * the append, whether its ids are taken (when probed), its first position (0 when nothing was written) and how
     * many events it wrote.
     */
    private static final List<String> V10 = List.of(
            """
            CREATE FUNCTION %1$s.append_batch(
                p_streams text[], p_expected bigint[], p_event_appends integer[], p_event_ordinals integer[],
                p_ids uuid[], p_types text[], p_schema_versions integer[], p_metadata bytea[], p_payloads bytea[],
                p_recorded_micros bigint[], p_recorded_ns smallint[], p_probe_ids boolean,
                OUT current_versions bigint[], OUT duplicate_ids boolean[], OUT first_positions bigint[], OUT inserted integer[])
            LANGUAGE plpgsql VOLATILE
            SET enable_seqscan = off
            AS $$
            DECLARE
                k integer := coalesce(cardinality(p_streams), 0);
                counts integer[] := array_fill(0, ARRAY[k]);
                removed_befores bigint[] := array_fill(0::bigint, ARRAY[k]);
                hard_deletes boolean[] := array_fill(false, ARRAY[k]);
                total integer := 0;
                current_version bigint;
                removed_before bigint;
                truncated bigint;
                removed_for_good boolean;
                earlier integer;
                first_event integer := 0;
                first_position bigint;
                newest bigint;
            BEGIN
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'Annals appends need READ COMMITTED isolation, not %%',
                        current_setting('transaction_isolation') USING ERRCODE = '25001';
                END IF;
                -- Held until commit, as by append.
                PERFORM pg_advisory_xact_lock(%2$d, %3$d);
                current_versions := array_fill(-1::bigint, ARRAY[k]);
                duplicate_ids := array_fill(false, ARRAY[k]);
                first_positions := array_fill(0::bigint, ARRAY[k]);
                inserted := array_fill(0, ARRAY[k]);
                FOR e IN 1 .. coalesce(cardinality(p_event_appends), 0) LOOP
                    counts[p_event_appends[e]] := counts[p_event_appends[e]] + 1;
                END LOOP;
                -- Each append is checked as append checks it. An append to a stream that an earlier append of this
                -- call names continues from that one's outcome: the events of neither are inserted yet.
                FOR i IN 1 .. k LOOP
                    earlier := NULL;
                    FOR j IN REVERSE i - 1 .. 1 LOOP
                        IF p_streams[j] = p_streams[i] THEN
                            earlier := j;
                            EXIT;
                        END IF;
                    END LOOP;
                    IF earlier IS NULL THEN
                        SELECT (SELECT e.version FROM %1$s.events e WHERE e.stream = p_streams[i] ORDER BY e.version DESC LIMIT 1),
                               r.deleted_before, r.truncated_before, r.hard_deleted
                            INTO current_version, removed_before, truncated, removed_for_good
                            FROM (SELECT 1) AS one LEFT JOIN %1$s.removed_streams r ON r.stream = p_streams[i];
                        removed_before := greatest(coalesce(removed_before, 0), coalesce(truncated, 0));
                        current_version := greatest(coalesce(current_version, -1), removed_before - 1);
                        removed_for_good := coalesce(removed_for_good, false);
                    ELSE
                        current_version := current_versions[earlier] + inserted[earlier];
                        removed_before := removed_befores[earlier];
                        removed_for_good := hard_deletes[earlier];
                    END IF;
                    current_versions[i] := current_version;
                    removed_befores[i] := removed_before;
                    hard_deletes[i] := removed_for_good;
                    IF p_probe_ids THEN
                        duplicate_ids[i] := EXISTS (SELECT 1 FROM %1$s.events e
                            WHERE e.event_id = ANY (p_ids[first_event + 1 : first_event + counts[i]]));
                    END IF;
                    first_event := first_event + counts[i];
                    IF NOT removed_for_good AND NOT duplicate_ids[i] AND counts[i] > 0 AND (p_expected[i] = -2 OR p_expected[i] =
                            CASE WHEN current_version >= removed_before THEN current_version ELSE -1 END) THEN
                        inserted[i] := counts[i];
                        first_positions[i] := total;
                        total := total + counts[i];
                    END IF;
                END LOOP;
                IF total = 0 THEN
                    RETURN;
                END IF;
                -- Positions as append takes them: consecutive for the whole call, in the order of its appends.
                first_position := nextval('%1$s.positions');
                IF total > 1 THEN
                    PERFORM nextval('%1$s.positions') FROM generate_series(2, total);
                END IF;
                newest := (SELECT e.position FROM %1$s.events e ORDER BY e.position DESC LIMIT 1);
                IF newest >= first_position THEN
                    first_position := newest + 1;
                    PERFORM setval('%1$s.positions', first_position + total - 1);
                END IF;
                FOR i IN 1 .. k LOOP
                    IF inserted[i] > 0 THEN
                        first_positions[i] := first_position + first_positions[i];
                    END IF;
                END LOOP;
                -- One insert for every event written, however many appends the call holds.
                INSERT INTO %1$s.events (position, stream, version, event_id, type, schema_version,
                                         recorded_at, recorded_ns, metadata, payload)
                    SELECT first_positions[n.app] + n.ord - 1, p_streams[n.app], current_versions[n.app] + n.ord, n.id, n.type,
                           n.schema_version, to_timestamp(n.micros / 1000000) + (n.micros %% 1000000) * interval '1 microsecond',
                           n.ns, n.metadata, n.payload
                    FROM unnest(p_event_appends, p_event_ordinals, p_ids, p_types, p_schema_versions, p_metadata, p_payloads,
                                p_recorded_micros, p_recorded_ns) AS n(app, ord, id, type, schema_version, metadata, payload, micros, ns)
                    WHERE inserted[n.app] > 0;
                PERFORM pg_notify('%4$s', '');
            END
            $$""");

    private static final List<List<String>> MIGRATIONS = List.of(V1, V2, V3, V4, V5, V6, V7, V8, V9, V10);

    /** The schema version this code writes and reads. */
    static final int LATEST = MIGRATIONS.size();

    /** The longest channel name PostgreSQL takes (its identifiers' limit, NAMEDATALEN - 1 bytes). */
    private static final int MAX_CHANNEL = 63;

    private PostgresSchema() {
    }

    /** {@code ddl} with each of the pairs {@code (was, becomes)} replaced, each found exactly once. */
    private static String changed(String ddl, String... pairs) {
        String result = ddl;
        for (int i = 0; i < pairs.length; i += 2) {
            int at = result.indexOf(pairs[i]);
            if (at < 0 || result.indexOf(pairs[i], at + 1) >= 0) {
                throw new IllegalStateException("a migration changes a text it does not find once: " + pairs[i]);
            }
            result = result.replace(pairs[i], pairs[i + 1]);
        }
        return result;
    }

    /**
     * The NOTIFY channel of the store in {@code schema}: {@code annals_<schema>}, cut to PostgreSQL's 63
     * bytes (schema names are ASCII). Two long schema names may share a channel; their listeners then
     * wake up for each other's appends, which costs a read and breaks nothing.
     */
    static String channel(String schema) {
        String channel = "annals_" + schema;
        return channel.length() <= MAX_CHANNEL ? channel : channel.substring(0, MAX_CHANNEL);
    }

    /**
     * Brings the schema of {@code options} to {@link #LATEST}, creating it when missing.
     *
     * @throws StoreOpenException when the database refuses, or the schema was written by a newer Annals
     */
    static void migrate(DataSource dataSource, PostgresOptions options, String display) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                migrate(c, options, display);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreOpenException("Cannot open the PostgreSQL store " + display + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection c, PostgresOptions options, String display) throws SQLException {
        String schema = options.schema();
        String quoted = options.quotedSchema();
        try (Statement s = c.createStatement()) {
            // A migration may take longer than one operation's deadline on a large store; it runs once.
            s.execute("SET LOCAL statement_timeout = 0");
        }
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LockKeys.MIGRATION);
            lock.setString(2, schema);
            lock.execute();
        }
        try (Statement s = c.createStatement()) {
            int current = installedVersion(c, quoted);
            if (current < 0) {
                // Only a store that does not exist yet needs the right to create a schema.
                s.execute("CREATE SCHEMA IF NOT EXISTS " + quoted);
                s.execute("CREATE TABLE IF NOT EXISTS " + quoted + ".schema_version ("
                        + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
                current = 0;
            }
            if (current > LATEST) {
                throw new StoreOpenException("The PostgreSQL store " + display + " has schema version " + current
                        + ", newer than this Annals understands (" + LATEST + "); upgrade Annals");
            }
            for (int v = current + 1; v <= LATEST; v++) {
                for (String ddl : MIGRATIONS.get(v - 1)) {
                    s.execute(String.format(ddl, quoted, LockKeys.APPEND, LockKeys.appendKey(schema), channel(schema)));
                }
                s.execute("INSERT INTO " + quoted + ".schema_version (version) VALUES (" + v + ")");
            }
        }
    }

    /** The schema version stored in the schema {@code quoted}, or -1 when it has no version table yet. */
    private static int installedVersion(Connection c, String quoted) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, quoted + ".schema_version");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return -1;
                }
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + quoted + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
