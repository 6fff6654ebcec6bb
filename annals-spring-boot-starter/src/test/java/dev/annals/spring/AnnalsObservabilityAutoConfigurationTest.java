package dev.annals.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.observability.AnnalsObservability;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AnnalsObservabilityAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner contexts() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AnnalsObservabilityAutoConfiguration.class, AnnalsAutoConfiguration.class))
                .withPropertyValues("annals.url=sqlite:" + dir.resolve("annals.db"));
    }

    @Test
    void the_application_meter_registry_gets_the_store_meters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        contexts().withBean(MeterRegistry.class, () -> registry).run(context -> {
            assertThat(context).hasSingleBean(AnnalsObservability.class);
            context.getBean(Annals.class).eventStore(NoteEvent.NOTES).appendEvents(UUID.randomUUID(), EventStore.NO_STREAM,
                    List.of(new NoteEvent.Written("counted")));

            assertThat(registry.get("annals.append").tag("outcome", "ok").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void an_instrumentation_of_the_application_replaces_it_and_without_the_module_there_is_none() {
        contexts().withBean(Instrumentation.class, () -> Instrumentation.NONE)
                .run(context -> assertThat(context).doesNotHaveBean(AnnalsObservability.class).hasSingleBean(Annals.class));
        contexts().withClassLoader(new FilteredClassLoader(AnnalsObservability.class))
                .run(context -> assertThat(context).doesNotHaveBean(AnnalsObservability.class).hasSingleBean(Annals.class));
    }
}
