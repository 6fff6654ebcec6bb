package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import dev.annals.subscription.LeaseLostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A projection's work and its checkpoint commit together or not at all, on a connection it cannot misuse. */
class ProjectionTransactionsTest {

    @TempDir
    Path dir;

    private SqliteBackend backend;
    private SubscriptionStorage storage;
    private TransactionalCheckpoints transactions;
    private long token;

    @BeforeEach
    void openWithATableAndALease() throws Exception {
        backend = new SqliteBackend(dir.resolve("annals.db"));
        storage = backend.subscriptionStorage().orElseThrow();
        transactions = backend.transactionalCheckpoints().orElseThrow();
        token = storage.acquireLease("model", 0, "me", Duration.ofSeconds(30)).orElseThrow();
        transactions.inTransaction("model", 0, token, 0, c -> execute(c, "CREATE TABLE model (n INTEGER NOT NULL)"));
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void the_work_and_the_checkpoint_commit_together() throws Exception {
        transactions.inTransaction("model", 0, token, 7, c -> execute(c, "INSERT INTO model (n) VALUES (1)"));

        assertThat(rows()).isEqualTo(1);
        assertThat(storage.checkpoint("model", 0)).hasValueSatisfying(cp -> assertThat(cp.position()).isEqualTo(7));
    }

    @Test
    void work_that_throws_rolls_back_its_writes_and_the_checkpoint_and_its_exception_reaches_the_caller() throws Exception {
        IllegalStateException failure = new IllegalStateException("read model broken");

        assertThatThrownBy(() -> transactions.inTransaction("model", 0, token, 9, c -> {
            execute(c, "INSERT INTO model (n) VALUES (1)");
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
        assertThat(storage.checkpoint("model", 0)).hasValueSatisfying(cp -> assertThat(cp.position()).isZero());
    }

    @Test
    void a_stale_token_is_refused_before_the_work_runs_and_nothing_is_written() throws Exception {
        storage.releaseLease("model", 0, "me", token);
        long current = storage.acquireLease("model", 0, "other", Duration.ofSeconds(30)).orElseThrow();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> transactions.inTransaction("model", 0, token, 9, c -> {
            ran.set(true);
            execute(c, "INSERT INTO model (n) VALUES (1)");
        })).isInstanceOf(LeaseLostException.class);

        assertThat(ran).isFalse();
        assertThat(rows()).isZero();
        assertThat(current).isEqualTo(token + 1);
    }

    @Test
    void the_work_cannot_commit_roll_back_or_close_the_connection_nor_keep_it() throws Exception {
        for (String call : new String[] {"commit", "rollback", "close", "autoCommit"}) {
            assertThatThrownBy(() -> transactions.inTransaction("model", 0, token, 9, c -> {
                execute(c, "INSERT INTO model (n) VALUES (1)");
                switch (call) {
                    case "commit" -> c.commit();
                    case "rollback" -> c.rollback();
                    case "close" -> c.close();
                    default -> c.setAutoCommit(false);
                }
            })).isInstanceOf(SQLException.class).hasMessageContaining("must not call");
        }
        AtomicReference<Connection> kept = new AtomicReference<>();
        transactions.inTransaction("model", 0, token, 3, kept::set);

        assertThatThrownBy(() -> execute(kept.get(), "INSERT INTO model (n) VALUES (1)")).isInstanceOf(SQLException.class);
        assertThat(kept.get().isClosed()).isTrue();
        assertThat(rows()).isZero();
        assertThat(backend.append(Events.append("s-1", -1, 1)).positions()).containsExactly(1L);
    }

    @Test
    void a_query_reads_the_committed_read_model() throws Exception {
        transactions.inTransaction("model", 0, token, 1, c -> execute(c, "INSERT INTO model (n) VALUES (41), (1)"));

        long sum = transactions.query(c -> {
            try (Statement statement = c.createStatement(); ResultSet row = statement.executeQuery("SELECT sum(n) FROM model")) {
                return row.getLong(1);
            }
        });

        assertThat(sum).isEqualTo(42);
    }

    private long rows() throws Exception {
        return transactions.query(c -> {
            try (Statement statement = c.createStatement(); ResultSet row = statement.executeQuery("SELECT count(*) FROM model")) {
                return row.getLong(1);
            }
        });
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
