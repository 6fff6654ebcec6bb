package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StoreOpenException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The URL of a NATS store: what it holds, its defaults, and a clear error for each malformed part. */
class NatsSettingsTest {

    @Test
    void a_url_gives_its_servers_and_options_and_defaults_for_the_rest() {
        NatsSettings settings = NatsSettings.parse("nats://10.0.0.1:4222,10.0.0.2:4223?store=orders&replicas=3&timeout=750ms");

        assertThat(settings.servers()).containsExactly("nats://10.0.0.1:4222", "nats://10.0.0.2:4223");
        assertThat(settings.store()).isEqualTo("orders");
        assertThat(settings.replicas()).isEqualTo(3);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.duplicateWindow()).isEqualTo(NatsSettings.DEFAULT_DUPLICATE_WINDOW);
        assertThat(NatsSettings.parse("nats://127.0.0.1:4222")).isEqualTo(NatsSettings.of(List.of("nats://127.0.0.1:4222")));
        assertThat(settings.url()).isEqualTo("nats://10.0.0.1:4222,10.0.0.2:4223?store=orders&replicas=3");
    }

    @Test
    void each_malformed_part_of_a_url_is_refused_naming_it() {
        assertRefused("nats://localhost", "localhost");
        assertRefused("nats://127.0.0.1:4222?shards=2", "shards");
        assertRefused("nats://127.0.0.1:4222?store=a.b", "a.b");
        assertRefused("nats://127.0.0.1:4222?replicas=0", "replicas");
        assertRefused("nats://127.0.0.1:4222?replicas=three", "three");
        assertRefused("nats://127.0.0.1:4222?timeout=soon", "soon");
        assertRefused("nats://127.0.0.1:4222?timeout=0s", "timeout");
        assertRefused("nats://127.0.0.1:4222?duplicateWindow=10ms", "duplicateWindow");
        assertRefused("nats://127.0.0.1:4222?store", "store");
        assertRefused("sqlite:x.db", "nats://");
    }

    private static void assertRefused(String url, String named) {
        assertThatThrownBy(() -> NatsSettings.parse(url)).isInstanceOf(StoreOpenException.class).hasMessageContaining(named);
    }
}
