package dev.annals.sqlite;

import dev.annals.spi.StoredSnapshot;
import java.sql.PreparedStatement;

/**
 * The snapshot writes, run by the writer like appends, with the semantics of the reference
 * {@code MemoryBackend}: an older version is ignored, an equal one overwrites, a newer one is added,
 * then only the newest {@code retain} are kept. Stateless.
 */
final class SnapshotWrites {

    private static final String NEWEST = "SELECT max(version) FROM snapshots WHERE stream = ?";
    private static final String UPSERT = "INSERT OR REPLACE INTO snapshots (stream, version, created_at, fingerprint, hash, state) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    private static final String TRIM = "DELETE FROM snapshots WHERE stream = ? AND version NOT IN "
            + "(SELECT version FROM snapshots WHERE stream = ? ORDER BY version DESC LIMIT ?)";
    private static final String CLEAR = "DELETE FROM snapshots WHERE stream = ?";

    private SnapshotWrites() {
    }

    /** Stores {@code snapshot} unless a newer one is stored; true when stored. */
    static WriteOperation<Boolean> save(StoredSnapshot snapshot, int retain) {
        long createdAt = Columns.nanos(snapshot.createdAt(), "snapshot createdAt");
        return session -> {
            SqliteConnection connection = session.connection();
            Long newest = connection.queryLong(NEWEST, snapshot.stream());
            if (newest != null && snapshot.version() < newest) {
                return false;
            }
            PreparedStatement upsert = connection.prepare(UPSERT);
            upsert.setString(1, snapshot.stream());
            upsert.setLong(2, snapshot.version());
            upsert.setLong(3, createdAt);
            upsert.setString(4, snapshot.fingerprint());
            upsert.setString(5, snapshot.hash());
            upsert.setBytes(6, snapshot.state());
            upsert.executeUpdate();
            PreparedStatement trim = connection.prepare(TRIM);
            trim.setString(1, snapshot.stream());
            trim.setString(2, snapshot.stream());
            trim.setInt(3, Math.max(retain, 0));
            trim.executeUpdate();
            return true;
        };
    }

    /** Removes every snapshot of {@code stream}; returns how many were removed. */
    static WriteOperation<Integer> clear(String stream) {
        return session -> {
            PreparedStatement clear = session.connection().prepare(CLEAR);
            clear.setString(1, stream);
            return clear.executeUpdate();
        };
    }
}
