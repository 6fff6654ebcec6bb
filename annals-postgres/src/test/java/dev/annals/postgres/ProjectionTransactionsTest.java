package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import dev.annals.subscription.LeaseLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A projection's work and its checkpoint commit together or not at all, on a connection the work cannot end. */
class ProjectionTransactionsTest {

    private static final PgServer SERVER = PgServer.get();

    private String schema;
    private String table;
    private PostgresBackend backend;
    private SubscriptionStorage storage;
    private TransactionalCheckpoints transactions;

    @BeforeEach
    void open() throws SQLException {
        schema = PgServer.newSchema(ProjectionTransactionsTest.class);
        backend = new PostgresBackend(SERVER.url(schema, "poolSize=2"));
        storage = backend.subscriptionStorage().orElseThrow();
        transactions = backend.transactionalCheckpoints().orElseThrow();
        table = "\"" + schema + "\".model";
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (position bigint NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        backend.close();
        SERVER.dropSchema(schema);
    }

    @Test
    void the_work_and_the_checkpoint_commit_together() throws Exception {
        long token = storage.acquireLease("p", 0, "me", Duration.ofSeconds(10)).orElseThrow();

        transactions.inTransaction("p", 0, token, 7, c -> insert(c, 7));

        assertThat(rows()).isEqualTo(1);
        assertThat(storage.checkpoint("p", 0)).hasValueSatisfying(cp -> assertThat(cp.position()).isEqualTo(7));
        long counted = transactions.query(this::count);
        assertThat(counted).isEqualTo(1);
    }

    @Test
    void a_stale_token_rolls_the_work_back_and_keeps_the_new_owners_checkpoint() throws Exception {
        long stale = storage.acquireLease("p", 0, "paused", Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(20);
        long current = storage.acquireLease("p", 0, "new", Duration.ofSeconds(10)).orElseThrow();
        storage.saveCheckpoint("p", 0, current, 3);

        assertThatThrownBy(() -> transactions.inTransaction("p", 0, stale, 9, c -> insert(c, 9))).isInstanceOf(LeaseLostException.class);

        assertThat(rows()).isZero();
        assertThat(storage.checkpoint("p", 0)).hasValueSatisfying(cp -> assertThat(cp.position()).isEqualTo(3));
    }

    @Test
    void a_failing_work_is_rethrown_as_is_and_nothing_of_it_or_the_checkpoint_is_written() throws Exception {
        long token = storage.acquireLease("p", 0, "me", Duration.ofSeconds(10)).orElseThrow();
        IllegalStateException failure = new IllegalStateException("read model refused");

        assertThatThrownBy(() -> transactions.inTransaction("p", 0, token, 5, c -> {
            insert(c, 5);
            throw failure;
        })).isSameAs(failure);

        assertThat(rows()).isZero();
        assertThat(storage.checkpoint("p", 0)).isEmpty();
    }

    @Test
    void the_work_cannot_commit_or_close_its_connection_nor_use_it_after_it_returned() throws Exception {
        long token = storage.acquireLease("p", 0, "me", Duration.ofSeconds(10)).orElseThrow();
        Connection[] kept = new Connection[1];

        assertThatThrownBy(() -> transactions.inTransaction("p", 0, token, 5, c -> {
            insert(c, 5);
            c.commit();
        })).isInstanceOf(SQLException.class).hasMessageContaining("commit");
        assertThatThrownBy(() -> transactions.inTransaction("p", 0, token, 5, Connection::close))
                .isInstanceOf(SQLException.class).hasMessageContaining("close");
        transactions.inTransaction("p", 0, token, 6, c -> kept[0] = c);

        assertThatThrownBy(() -> insert(kept[0], 6)).isInstanceOf(SQLException.class);
        assertThat(rows()).isZero();
        assertThat(storage.checkpoint("p", 0)).hasValueSatisfying(cp -> assertThat(cp.position()).isEqualTo(6));
    }

    private void insert(Connection c, long position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (position) VALUES (?)")) {
            ps.setLong(1, position);
            ps.executeUpdate();
        }
    }

    private long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long rows() throws SQLException {
        try (Connection c = SERVER.connect()) {
            return count(c);
        }
    }
}
