package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.IdCodec;
import dev.annals.StreamCategory;
import dev.annals.testkit.domain.TestEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A delete of a stream serializes with a save of its snapshots: a save that has written its snapshot but not
 * committed yet (here a transaction holding the stream's snapshot lock, as {@code PostgresSnapshots.save} does,
 * with its row inserted) makes the delete wait for it, so the delete removes that snapshot too. Without the
 * delete taking the lock, the delete does not see the uncommitted row, returns at once, and the snapshot
 * survives the delete, which the last assertion catches. No timing decides the outcome: the test waits until the
 * delete either returned or is seen waiting for the lock in {@code pg_locks}.
 */
class DeleteWhileSnapshotSavedTest {

    private static final StreamCategory<UUID, TestEvent> CATEGORY = StreamCategory.of("race", IdCodec.uuid(), TestEvent.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String schema = PgServer.newSchema(DeleteWhileSnapshotSavedTest.class);

    @AfterEach
    void dropSchema() {
        PgServer.get().dropSchema(schema);
    }

    @Test
    void a_delete_waits_for_a_snapshot_being_saved_and_removes_it() throws Exception {
        try (Annals annals = Annals.open(PgServer.get().url(schema, "poolSize=2"))) {
            EventStore<UUID, TestEvent> events = annals.eventStore(CATEGORY);
            UUID id = UUID.randomUUID();
            String stream = CATEGORY.streamName(id);
            events.appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1)));

            try (Connection saver = PgServer.get().connect()) {
                saver.setAutoCommit(false);
                PostgresSnapshots.lockStream(saver, schema, stream);
                try (PreparedStatement insert = saver.prepareStatement("INSERT INTO \"" + schema + "\".snapshots (stream, version, "
                        + "created_at, created_ns, fingerprint, hash, state) VALUES (?, 0, now(), 0, 'f', 'h', '{}')")) {
                    insert.setString(1, stream);
                    insert.executeUpdate();
                }

                CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> events.deleteStream(id, 0));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!delete.isDone() && !waitingForSnapshotLock(saver) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                saver.commit();
                delete.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }

            assertThat(events.getCurrentVersion(id)).isEmpty();
            assertThat(annals.backend().snapshots(stream)).as("the snapshot saved while the stream was deleted").isEmpty();
        }
    }

    /** Whether some session waits for a snapshot lock. */
    private static boolean waitingForSnapshotLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ?::oid")) {
            ps.setLong(1, LockKeys.SNAPSHOT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
