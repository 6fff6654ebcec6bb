package dev.annals.observability;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * Binds a HikariCP pool's own Micrometer meters ({@code hikaricp.connections.*}, tagged with the pool's name).
 * Loaded only when the pool is a HikariCP pool ({@link AnnalsObservability} asks by class name first), so
 * HikariCP need not be on the class path otherwise: verifying this class loads HikariCP's.
 */
final class HikariPoolMetrics {

    private HikariPoolMetrics() {
    }

    /**
     * Binds the pool's meters to {@code registry}, once: a pool that reports to a tracker already (its
     * owner set one) keeps it.
     */
    static void bind(DataSource pool, MeterRegistry registry) {
        HikariDataSource hikari = (HikariDataSource) pool;
        if (hikari.getMetricsTrackerFactory() == null && hikari.getMetricRegistry() == null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
    }
}
