package dev.annals.postgres;

import static dev.annals.postgres.Events.append;
import static dev.annals.postgres.Events.events;
import static dev.annals.postgres.Events.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A caller's own {@code DataSource} whose connections take part in an outer transaction (as a
 * transaction-bound data source hands out the connection of the transaction running on the thread):
 * the store must never commit that transaction behind its owner's back, and hands every connection
 * back with the auto-commit setting it came with.
 */
class CallerDataSourceTest {

    private static final PgServer SERVER = PgServer.get();
    private static final String SCHEMA = PgServer.newSchema(CallerDataSourceTest.class);
    private static final BindingDataSource DATA_SOURCE = new BindingDataSource();
    private static PostgresBackend backend;

    @BeforeAll
    static void open() throws SQLException {
        backend = new PostgresBackend(DATA_SOURCE, PostgresOptions.DEFAULTS.withSchema(SCHEMA));
        try (Connection c = SERVER.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"" + SCHEMA + "\".orders (id int)");
        }
    }

    @AfterAll
    static void close() {
        backend.close();
        SERVER.dropSchema(SCHEMA);
    }

    @Test
    void a_connection_inside_an_open_outer_transaction_is_refused_and_that_transaction_stays_uncommitted() throws Exception {
        String stream = stream();
        long headBefore = backend.headPosition();
        try (Connection outer = SERVER.connect()) {
            outer.setAutoCommit(false);
            try (Statement s = outer.createStatement()) {
                s.execute("INSERT INTO \"" + SCHEMA + "\".orders VALUES (1)");
            }
            DATA_SOURCE.bind(outer);
            try {
                assertThatThrownBy(() -> backend.append(append(stream, AppendRequest.NO_STREAM, events(1, "inside"))))
                        .isInstanceOf(StorageException.class).hasMessageContaining("inside an open transaction")
                        .hasMessageContaining("nothing was written");
                assertThatThrownBy(() -> backend.appendAll(List.of(append(stream, AppendRequest.NO_STREAM, events(1, "inside")))))
                        .isInstanceOf(StorageException.class).hasMessageContaining("inside an open transaction");
                assertThatThrownBy(() -> backend.readStream(stream, -1, 10))
                        .isInstanceOf(StorageException.class).hasMessageContaining("inside an open transaction");
            } finally {
                DATA_SOURCE.unbind();
            }
            assertThat(outer.getAutoCommit()).as("the outer transaction's connection is as it was").isFalse();
            assertThat(orders()).as("the outer transaction was not committed").isZero();
            outer.rollback();
        }
        assertThat(orders()).isZero();
        assertThat(backend.currentVersion(stream)).isEmpty();
        assertThat(backend.headPosition()).isEqualTo(headBefore);
    }

    @Test
    void a_connection_with_auto_commit_off_outside_any_transaction_is_used_and_handed_back_with_it_off() throws Exception {
        String stream = stream();
        try (Connection idle = SERVER.connect()) {
            idle.setAutoCommit(false);
            DATA_SOURCE.bind(idle);
            try {
                assertThat(backend.append(append(stream, AppendRequest.NO_STREAM, events(1, "own"))).version()).isZero();
                assertThat(backend.appendAll(List.of(append(stream, 0, events(1, "own"))))).hasSize(1);
                assertThat(backend.readStream(stream, -1, 10)).hasSize(2);
            } finally {
                DATA_SOURCE.unbind();
            }
            assertThat(idle.getAutoCommit()).as("handed back with auto-commit off, as it came").isFalse();
        }
        assertThat(backend.currentVersion(stream)).as("committed on their own").hasValue(1);
    }

    private static int orders() throws SQLException {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + SCHEMA + "\".orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Hands out fresh connections, or, while one is bound, that one behind a view whose {@code close} does
     * nothing: what a transaction-bound data source does with the connection of the running transaction.
     */
    private static final class BindingDataSource extends PGSimpleDataSource {

        private volatile Connection bound;

        BindingDataSource() {
            setServerNames(new String[] {SERVER.host});
            setPortNumbers(new int[] {SERVER.port});
            setDatabaseName(SERVER.database);
            setUser(SERVER.user);
            if (SERVER.password != null) {
                setPassword(SERVER.password);
            }
        }

        void bind(Connection c) {
            bound = c;
        }

        void unbind() {
            bound = null;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = bound;
            return c == null ? super.getConnection() : unclosable(c);
        }

        private static Connection unclosable(Connection c) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
