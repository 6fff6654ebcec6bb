package dev.annals.spring;

import dev.annals.instrumentation.Instrumentation;
import dev.annals.observability.AnnalsObservability;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Annals' meters and spans in the application's own {@link MeterRegistry} and {@link OpenTelemetry}, when
 * {@code annals-observability} is on the class path: the {@link AnnalsObservability} that
 * {@link AnnalsAutoConfiguration} opens the store with. Either may be missing (no meters, or no spans). An
 * application's own {@link Instrumentation} bean replaces it.
 */
@AutoConfiguration(before = AnnalsAutoConfiguration.class,
        afterName = {"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"})
@ConditionalOnClass({AnnalsObservability.class, MeterRegistry.class, OpenTelemetry.class})
public class AnnalsObservabilityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(Instrumentation.class)
    public AnnalsObservability annalsObservability(ObjectProvider<MeterRegistry> registries, ObjectProvider<OpenTelemetry> openTelemetry) {
        AnnalsObservability.Builder builder = AnnalsObservability.builder();
        registries.ifUnique(builder::meterRegistry);
        openTelemetry.ifUnique(builder::openTelemetry);
        return builder.build();
    }
}
