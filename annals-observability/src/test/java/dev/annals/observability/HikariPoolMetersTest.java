package dev.annals.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.examples.ticketing.Ticketing;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The pool a PostgreSQL store opens from its URL reports through HikariCP's own Micrometer support. Runs on
 * {@code ANNALS_PG_URL} when set, otherwise on an embedded server.
 */
class HikariPoolMetersTest {

    private static EmbeddedPostgres embedded;

    @AfterAll
    static void stop() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static synchronized String serverUrl() throws IOException {
        String url = System.getenv("ANNALS_PG_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (embedded == null) {
            embedded = EmbeddedPostgres.builder().start();
        }
        return "postgresql://localhost:" + embedded.getPort() + "/postgres?user=postgres";
    }

    @Test
    void the_pool_of_a_store_opened_from_a_url_reports_its_connections() throws IOException {
        String schema = "obs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String url = serverUrl() + (serverUrl().contains("?") ? "&" : "?") + "schema=" + schema;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Annals annals = Annals.open(url, AnnalsObservability.builder().meterRegistry(registry).build())) {
            UUID id = UUID.randomUUID();
            annals.eventStore(Ticketing.TICKETS).appendEvents(id, EventStore.NO_STREAM, List.of(AppendMetersTest.opened(id)));

            Gauge max = registry.get("hikaricp.connections.max").tag("pool", "annals-" + schema).gauge();
            assertThat(max.value()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("hikaricp.connections").tag("pool", "annals-" + schema).gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(registry.get("annals.append").tags("backend", "postgresql", "outcome", "ok").timer().count()).isEqualTo(1);
            assertThat(registry.get("annals.commit.batch").tag("backend", "postgresql").summary().totalAmount()).isEqualTo(1);
        }
    }
}
