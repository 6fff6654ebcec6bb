package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live feeds over HTTP (server-sent events) on SQLite: appends counted per second, the log tailed with its filter. */
class ConsoleFeedsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void the_appends_chart_counts_events_appended_while_it_is_open() throws Exception {
        try (Annals annals = Annals.open("sqlite:" + dir.resolve("rate.db"));
                Console console = Console.start(annals, ConsoleOptions.defaults().port(0))) {
            AtomicBoolean done = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !done.get() && i < 200; i++) {
                    Stores.append(annals, "rate-1", "tick", "{}", "{}");
                    sleep(50);
                }
            });
            writer.start();
            try {
                JsonNode chart = await(console.uri().resolve("/feed/appends"), data -> {
                    JsonNode values = data.path("series").path("events appended per second");
                    return values.size() > 0 && values.get(values.size() - 1).asLong() > 0;
                });
                assertThat(chart.path("series").path("events appended per second").size()).isPositive();
            } finally {
                done.set(true);
                writer.join();
            }
        }
    }

    @Test
    void the_log_feed_sends_the_events_appended_after_it_opened_that_match_its_filter() throws Exception {
        try (Annals annals = Annals.open("sqlite:" + dir.resolve("log.db"))) {
            Stores.append(annals, "before-1", "old", "{}", "{}");
            try (Console console = Console.start(annals, ConsoleOptions.defaults().port(0))) {
                String type = "t-" + UUID.randomUUID();
                Thread writer = new Thread(() -> {
                    sleep(300);
                    Stores.append(annals, "other-1", type, "{}", "{}");
                    Stores.append(annals, "wanted-1", type, "{}", "{\"x\":\"<b>\"}");
                });
                writer.start();
                JsonNode event = await(console.uri().resolve("/feed/log?category=wanted&type=" + type), data -> true);
                writer.join();
                assertThat(event.path("stream").asText()).isEqualTo("wanted-1");
                assertThat(event.path("type").asText()).isEqualTo(type);
                assertThat(event.path("payload").asText()).isEqualTo("{\"x\":\"<b>\"}");
            }
        }
    }

    /** The first {@code data:} message of the feed that {@code wanted} accepts, within {@link #WAIT}. */
    static JsonNode await(URI feed, Predicate<JsonNode> wanted) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newBuilder().connectTimeout(WAIT).build()
                .send(HttpRequest.newBuilder(feed).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        long end = System.nanoTime() + WAIT.toNanos();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            // The feeds write at least once a second, so the deadline is checked at least that often.
            while (System.nanoTime() < end && (line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    JsonNode data = JsonText.MAPPER.readTree(line.substring("data: ".length()));
                    if (wanted.test(data)) {
                        return data;
                    }
                }
            }
        }
        throw new AssertionError("no wanted message from " + feed + " within " + WAIT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
