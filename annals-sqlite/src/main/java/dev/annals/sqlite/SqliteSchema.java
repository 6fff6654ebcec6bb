package dev.annals.sqlite;

import dev.annals.StoreOpenException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables and their version. The file is marked as an Annals store by
 * {@code PRAGMA application_id}; the schema version is {@code PRAGMA user_version}, migrated forward
 * one step at a time on open, inside one write transaction so that two processes opening a new
 * file at once cannot both create it. A schema newer than this code knows is refused.
 *
 * <p>Tables:
 * <ul>
 *   <li>{@code streams}: one row per stream that has events (or was deleted); events refer to it by a
 *       small integer, so a long stream name is stored once, not once per event. Since version 5 it
 *       keeps the stream's soft delete ({@code deleted_before}), truncation ({@code truncated_before})
 *       and hard delete ({@code hard_deleted}).</li>
 *   <li>{@code events}: the global position is the rowid; {@code UNIQUE(stream_id, version)} and
 *       {@code UNIQUE(event_id)} enforce one event per version and one row per event id even against
 *       a buggy writer; ids are 16-byte blobs, times are nanoseconds since the epoch, empty metadata
 *       is NULL.</li>
 *   <li>{@code snapshots}: keyed by stream name and version; a stream may have snapshots and no events.</li>
 *   <li>{@code last_position} (since version 2): one row, at least the highest position ever
 *       deleted (a trigger raises it on every delete of an event above it). Positions are numbered
 *       above both it and the highest stored event, so a position is never given twice, not after
 *       the newest events were deleted; appends only read it.</li>
 *   <li>{@code subscription_partitions} (since version 3): one row per (subscription name,
 *       partition): its checkpoint (NULL: none yet) and pending reset, and its lease: the owning
 *       instance, the fencing token, and when the lease ends (wall-clock milliseconds).</li>
 *   <li>{@code parked_events} (since version 3): the events a subscription gave up on, keyed by
 *       subscription name and position, with the error, the tries and an operator's retry request.</li>
 *   <li>{@code data_keys} (since version 4): one row per subject of crypto-shredding, its data key
 *       wrapped by the application's master key ({@link SqliteKeys}).</li>
 * </ul>
 */
final class SqliteSchema {

    /** "ANNL", marking the file as an Annals store. */
    static final int APPLICATION_ID = 0x414E4E4C;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** Version 1: streams, their events, snapshots. */
    private static final List<String> TO_VERSION_1 = List.of(
            """
            CREATE TABLE streams (
              stream_id INTEGER PRIMARY KEY,
              name      TEXT NOT NULL UNIQUE
            )""",
            """
            CREATE TABLE events (
              position       INTEGER PRIMARY KEY,
              stream_id      INTEGER NOT NULL REFERENCES streams (stream_id),
              version        INTEGER NOT NULL,
              event_id       BLOB    NOT NULL UNIQUE,
              type           TEXT    NOT NULL,
              schema_version INTEGER NOT NULL,
              recorded_at    INTEGER NOT NULL,
              metadata       BLOB,
              payload        BLOB    NOT NULL,
              UNIQUE (stream_id, version)
            )""",
            """
            CREATE TABLE snapshots (
              stream      TEXT    NOT NULL,
              version     INTEGER NOT NULL,
              created_at  INTEGER NOT NULL,
              fingerprint TEXT    NOT NULL,
              hash        TEXT    NOT NULL,
              state       BLOB    NOT NULL,
              PRIMARY KEY (stream, version)
            )""");

    /**
     * Version 2: the last position given. A version 1 store numbered from its highest event, so
     * that is the last position it can be known to have given.
     */
    private static final List<String> TO_VERSION_2 = List.of(
            """
            CREATE TABLE last_position (
              id       INTEGER PRIMARY KEY CHECK (id = 1),
              position INTEGER NOT NULL
            )""",
            "INSERT INTO last_position (id, position) SELECT 1, coalesce(max(position), 0) FROM events",
            // Any delete (an erasure, a truncation, an operator's DELETE) keeps the highest position it
            // removed, so appends need to write nothing: they number above the table and the events.
            """
            CREATE TRIGGER events_keep_last_position AFTER DELETE ON events
            WHEN OLD.position > (SELECT position FROM last_position WHERE id = 1)
            BEGIN
              UPDATE last_position SET position = OLD.position WHERE id = 1;
            END""");

    /**
     * Version 3: what subscriptions keep. Lease expiry is wall-clock milliseconds since the epoch
     * (every process on one file runs on the same machine, so they share that clock); parked times
     * are nanoseconds since the epoch, event ids 16-byte blobs, flags 0 or 1.
     */
    private static final List<String> TO_VERSION_3 = List.of(
            """
            CREATE TABLE subscription_partitions (
              name             TEXT    NOT NULL,
              partition        INTEGER NOT NULL,
              checkpoint       INTEGER,
              reset_pending    INTEGER NOT NULL DEFAULT 0,
              owner            TEXT,
              token            INTEGER NOT NULL DEFAULT 0,
              lease_expires_at INTEGER,
              PRIMARY KEY (name, partition)
            ) WITHOUT ROWID""",
            """
            CREATE TABLE parked_events (
              name            TEXT    NOT NULL,
              position        INTEGER NOT NULL,
              partition       INTEGER NOT NULL,
              event_id        BLOB    NOT NULL,
              stream          TEXT    NOT NULL,
              error           TEXT    NOT NULL,
              attempts        INTEGER NOT NULL,
              parked_at       INTEGER NOT NULL,
              retry_requested INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (name, position)
            ) WITHOUT ROWID""");

    /** Version 4: the wrapped data keys of crypto-shredding, one row per subject. */
    private static final List<String> TO_VERSION_4 = List.of(
            """
            CREATE TABLE data_keys (
              subject     TEXT NOT NULL PRIMARY KEY,
              wrapped_key BLOB NOT NULL
            ) WITHOUT ROWID""");

    /**
     * Version 5: deleted and truncated streams. A soft delete hides the versions below
     * {@code deleted_before}; a truncation removed the events below {@code truncated_before}; a hard
     * delete removed the events and sets {@code hard_deleted}, and the row stays so that the stream is
     * never written again.
     */
    private static final List<String> TO_VERSION_5 = List.of(
            "ALTER TABLE streams ADD COLUMN deleted_before INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE streams ADD COLUMN truncated_before INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE streams ADD COLUMN hard_deleted INTEGER NOT NULL DEFAULT 0");

    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(TO_VERSION_1, TO_VERSION_2, TO_VERSION_3, TO_VERSION_4,
            TO_VERSION_5);

    /** The schema version this code writes. */
    static final int CURRENT_VERSION = MIGRATIONS.size();

    private SqliteSchema() {
    }

    /**
     * Creates or migrates the schema of the store at {@code file} through its writer connection.
     *
     * @throws StoreOpenException when the file is another application's database or has a newer schema
     * @throws SQLException when SQLite fails (the caller names the file)
     */
    static void prepare(SqliteConnection writer, Path file) throws SQLException {
        writer.executeOnce("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            long applicationId = writer.queryLongOr(0, "PRAGMA application_id");
            long version = writer.queryLongOr(0, "PRAGMA user_version");
            if (applicationId != APPLICATION_ID) {
                long objects = writer.queryLongOr(0, "SELECT count(*) FROM sqlite_schema");
                if (applicationId != 0 || version != 0 || objects != 0) {
                    throw SqliteFiles.refused(file, "it is an SQLite database of another application, not an Annals store");
                }
            }
            if (version > CURRENT_VERSION) {
                throw SqliteFiles.refused(file, "its schema version " + version + " is newer than this Annals supports ("
                        + CURRENT_VERSION + "); open it with a newer Annals");
            }
            for (int from = (int) version; from < CURRENT_VERSION; from++) {
                for (String statement : MIGRATIONS.get(from)) {
                    writer.executeOnce(statement);
                }
            }
            if (version < CURRENT_VERSION) {
                writer.executeOnce("PRAGMA application_id = " + APPLICATION_ID);
                writer.executeOnce("PRAGMA user_version = " + CURRENT_VERSION);
                if (version == 0) {
                    LOG.info("Annals store {}: schema created at version {}", file, CURRENT_VERSION);
                } else {
                    LOG.info("Annals store {}: schema migrated from version {} to {}", file, version, CURRENT_VERSION);
                }
            }
            writer.executeOnce("COMMIT");
            committed = true;
        } finally {
            if (!committed) {
                try {
                    writer.executeOnce("ROLLBACK");
                } catch (SQLException ignored) {
                    // the original failure is what matters
                }
            }
        }
    }
}
