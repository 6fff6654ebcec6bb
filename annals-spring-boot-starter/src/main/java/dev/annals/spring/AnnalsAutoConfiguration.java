package dev.annals.spring;

import dev.annals.Annals;
import dev.annals.StoreOpenException;
import dev.annals.instrumentation.Instrumentation;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Opens the application's {@link Annals} store: the one {@code annals.url} names (an embedded SQLite file
 * under the working directory by default), or, with {@code annals.datasource.enabled=true}, the
 * application's own PostgreSQL {@code DataSource}. The store is closed with the application context, after
 * every {@link ManagedSubscription} has stopped (they depend on it). An {@link Instrumentation} bean (the
 * {@code AnnalsObservability} of {@link AnnalsObservabilityAutoConfiguration}, or the application's own)
 * observes it.
 *
 * <p>Event stores, snapshot stores and repositories are the application's own beans, made from this
 * {@code Annals} (see the module's README for why). An application that declares its own {@code Annals}
 * bean gets none from here.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(AnnalsProperties.class)
public class AnnalsAutoConfiguration {

    private static final String POSTGRES_BACKEND = "dev.annals.postgres.PostgresBackend";

    /**
     * The store.
     *
     * @throws dev.annals.StoreOpenException when it cannot be opened (the context does not start)
     * @throws dev.annals.InvalidArgumentException when the properties contradict each other
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Annals annals(AnnalsProperties properties, ObjectProvider<DataSource> dataSources, ObjectProvider<Instrumentation> instrumentations,
            Environment environment) {
        Instrumentation instrumentation = instrumentations.getIfUnique(() -> Instrumentation.NONE);
        if (properties.getDatasource().isEnabled()) {
            if (!ClassUtils.isPresent(POSTGRES_BACKEND, AnnalsAutoConfiguration.class.getClassLoader())) {
                throw new StoreOpenException("annals.datasource.enabled=true needs dev.annals:annals-postgres on the class path");
            }
            return ApplicationDataSourceStore.open(properties, dataSources.getIfUnique(), environment.containsProperty("annals.url"),
                    instrumentation);
        }
        return Annals.open(properties.getUrl(), instrumentation);
    }
}
