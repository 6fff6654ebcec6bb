package dev.annals.spring;

import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.StoreOpenException;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.postgres.PostgresBackend;
import dev.annals.postgres.PostgresOptions;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens the store on the application's own PostgreSQL {@code DataSource} (no second pool). Its
 * connections must come outside any transaction (see annals-postgres' README): Annals commits each write
 * on its own, so an append inside an application's {@code @Transactional} method does not join that
 * transaction. The deadlines of those connections are the application's to set.
 *
 * <p>Only loaded when {@code annals.datasource.enabled} is true and annals-postgres is on the class path
 * (this class refers to it), so that annals-postgres stays optional.
 */
final class ApplicationDataSourceStore {

    private ApplicationDataSourceStore() {
    }

    static Annals open(AnnalsProperties properties, @Nullable DataSource dataSource, boolean urlSet, Instrumentation instrumentation) {
        InvalidArgumentException.require(!urlSet,
                "annals.url and annals.datasource.enabled=true both name a store: set only one of them");
        if (dataSource == null) {
            throw new StoreOpenException("annals.datasource.enabled=true, but the application has no single DataSource bean "
                    + "(none, or several without a @Primary one)");
        }
        requirePostgres(dataSource);
        PostgresOptions options = PostgresOptions.DEFAULTS.withSchema(properties.getDatasource().getSchema());
        return new Annals(new PostgresBackend(dataSource, options), instrumentation);
    }

    /** A store on another database would fail in its first migration with an obscure SQL error: say what is wrong instead. */
    private static void requirePostgres(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreOpenException("Cannot open the store on the application's DataSource: " + e.getMessage(), e);
        }
        if (!"PostgreSQL".equals(product)) {
            throw new StoreOpenException("annals.datasource.enabled=true needs a PostgreSQL DataSource; the application's is "
                    + product);
        }
    }
}
