package dev.annals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.annals.Annals;
import dev.annals.EventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The store on the application's own PostgreSQL pool: no second pool, Annals' tables in the schema the
 * properties name, and the pool left open for its owner when the context closes. Runs where
 * {@code ANNALS_PG_URL} names a server (CI sets it; annals-postgres' own tests cover the backend everywhere).
 */
@EnabledIfEnvironmentVariable(named = "ANNALS_PG_URL", matches = "postgresql://.+")
class ApplicationDataSourceTest {

    private final String schema = "t_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final HikariDataSource pool = pool();

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
        pool.close();
    }

    @Test
    void the_store_opens_on_the_application_pool_in_its_schema_and_leaves_the_pool_open_on_close() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AnnalsAutoConfiguration.class))
                .withBean(DataSource.class, () -> withoutClose(pool))
                .withPropertyValues("annals.datasource.enabled=true", "annals.datasource.schema=" + schema)
                .run(context -> {
                    Annals annals = context.getBean(Annals.class);
                    assertThat(annals.toString()).contains("DataSource").contains(schema);
                    annals.eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                            List.of(new NoteEvent.Written("on the application's pool")));
                });
        assertThat(pool.isClosed()).as("the application's pool is the application's to close").isFalse();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM \"" + schema + "\".events")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
    }

    /**
     * The pool behind a view without {@code close}: Spring closes a bean it registered itself, and this test is
     * about what Annals closes (a DataSource bean of the application is closed by Spring after the store).
     */
    private static DataSource withoutClose(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:" + System.getenv("ANNALS_PG_URL"));
        pool.setMaximumPoolSize(4);
        pool.setConnectionTimeout(10_000);
        return pool;
    }
}
