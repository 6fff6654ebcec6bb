package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import dev.annals.examples.ticketing.TicketingCatalog;
import dev.annals.spi.Capability;
import dev.annals.spi.ScratchStore;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page of the console on PostgreSQL and NATS JetStream: a fresh scratch store on the servers of
 * {@code ANNALS_PG_URL} and {@code ANNALS_NATS_URL} (default: the loopback servers), filled by the demo, removed after.
 * (SQLite's pages are tested in the default build by {@link ConsoleHttpTest}.)
 */
@Tag("servers")
class ConsoleBackendsSmokeTest {

    static final String POSTGRES = server("ANNALS_PG_URL", "postgresql://127.0.0.1:5432/test?user=postgres");
    static final String NATS = server("ANNALS_NATS_URL", "nats://127.0.0.1:4222?store=consolesmoke");

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "nats"})
    void every_page_answers_on_the_backend(String backend) throws Exception {
        try (ScratchStore scratch = Annals.scratch(backend.equals("nats") ? NATS : POSTGRES);
                Annals annals = Annals.open(scratch.url())) {
            Stores.demo(annals, 12, 300);
            Stores.malicious(annals);
            boolean subscriptions = annals.capabilities().contains(Capability.SUBSCRIPTIONS);
            try (PoisonedSubscription poisoned = subscriptions ? new PoisonedSubscription(annals, "pills") : null;
                    Console console = Console.start(annals, ConsoleOptions.defaults().port(0)
                            .verification(new SnapshotVerification(annals, new TicketingCatalog().aggregates())))) {
                if (poisoned != null) {
                    poisoned.awaitParked();
                }
                String ticket = Stores.longTicket();
                assertThat(get(console, "/")).contains(String.format("%,d", annals.inspect().stats().events())).contains("head position");
                assertThat(get(console, "/streams")).contains(ticket);
                assertThat(get(console, "/streams?category=ticket&prefix=" + ticket.substring(7, 12))).contains(ticket);
                String stream = get(console, "/stream?name=" + enc(ticket) + "&version=150");
                assertThat(stream).contains("id=\"v150\"").contains("hash holds").contains("state equals a fold of the events")
                        .doesNotContain("check fail");
                assertThat(get(console, "/stream?name=" + enc(Stores.MALICIOUS_STREAM))).contains("&lt;script&gt;window.annalsPwned")
                        .doesNotContain("<script>window");
                assertThat(get(console, "/log")).contains("ticket-opened");
                assertThat(get(console, "/log?category=evil")).contains("evil-1");
                String subs = get(console, "/subscriptions");
                if (subscriptions) {
                    assertThat(subs).contains("Parked events of pills").contains("the pill is &lt;img");
                } else {
                    assertThat(subs).contains("This store keeps no subscriptions");
                }
            }
        }
    }

    private static String get(Console console, String path) {
        HttpResponse<String> response = Http.get(console.uri().resolve(path));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String server(String variable, String loopback) {
        String url = System.getenv(variable);
        return url == null || url.isBlank() ? loopback : url;
    }
}
