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
 *   <li>{@code streams}: one row per stream that has events; events refer to it by a small integer,
 *       so a long stream name is stored once, not once per event.</li>
 *   <li>{@code events}: the global position is the rowid; {@code UNIQUE(stream_id, version)} and
 *       {@code UNIQUE(event_id)} enforce one event per version and one row per event id even against
 *       a buggy writer; ids are 16-byte blobs, times are nanoseconds since the epoch, empty metadata
 *       is NULL.</li>
 *   <li>{@code snapshots}: keyed by stream name and version; a stream may have snapshots and no events.</li>
 * </ul>
 */
final class SqliteSchema {

    /** "ANNL", marking the file as an Annals store. */
    static final int APPLICATION_ID = 0x414E4E4C;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
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
            )"""));

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
            long applicationId = writer.queryLong("PRAGMA application_id");
            long version = writer.queryLong("PRAGMA user_version");
            if (applicationId != APPLICATION_ID) {
                long objects = writer.queryLong("SELECT count(*) FROM sqlite_schema");
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
                LOG.info("Annals store {}: schema {} {}", file, from == 0 ? "created at version" : "migrated to version", from + 1);
            }
            if (version < CURRENT_VERSION) {
                writer.executeOnce("PRAGMA application_id = " + APPLICATION_ID);
                writer.executeOnce("PRAGMA user_version = " + CURRENT_VERSION);
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
