package dev.annals.examples.ticketing.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The running service over real HTTP: the REST flow, {@code /actuator/health} and {@code /actuator/prometheus}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TicketingHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("annals.url", () -> "sqlite:" + dir.resolve("annals.db"));
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @Test
    void a_ticket_is_opened_assigned_and_closed_over_http_and_the_read_model_shows_it() throws Exception {
        HttpResponse<String> opened = post("/tickets", "{\"title\":\"Printer on fire\",\"reporter\":\"alice\",\"priority\":\"URGENT\"}");
        assertThat(opened.statusCode()).isEqualTo(201);
        String id = JSON.readTree(opened.body()).get("id").asText();
        assertThat(opened.headers().firstValue("Location")).hasValue("/tickets/" + id);

        assertThat(post("/tickets/" + id + "/assign", "{\"assignee\":\"bob\"}").statusCode()).isEqualTo(200);
        awaitBody("/tickets/open-by-assignee", "{\"bob\":1}");
        HttpResponse<String> closed = post("/tickets/" + id + "/close", "{\"resolution\":\"extinguished\"}");
        assertThat(JSON.readTree(closed.body()).get("status").asText()).isEqualTo("RESOLVED");
        awaitBody("/tickets/open-by-assignee", "{}");

        JsonNode ticket = JSON.readTree(get("/tickets/" + id).body());
        assertThat(ticket.get("assignee").asText()).isEqualTo("bob");
        assertThat(ticket.get("status").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void bad_requests_get_one_line_problems_not_stack_traces() throws Exception {
        HttpResponse<String> unknown = get("/tickets/" + java.util.UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("detail").asText()).contains("No aggregate with id");

        HttpResponse<String> missingTitle = post("/tickets", "{\"reporter\":\"alice\",\"priority\":\"LOW\"}");
        assertThat(missingTitle.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missingTitle.body()).get("detail").asText()).contains("title");
        assertThat(missingTitle.body()).doesNotContain("at dev.annals");
    }

    @Test
    void health_shows_the_store_and_the_projection_with_its_lag() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode annals = JSON.readTree(response.body()).get("components").get("annals");
        assertThat(annals.get("status").asText()).isEqualTo("UP");
        assertThat(annals.get("details").get("store").asText()).contains("sqlite:");
        JsonNode projection = annals.get("details").get("subscriptions").get(TicketingBeans.OPEN_TICKETS);
        assertThat(projection.get("running").asBoolean()).isTrue();
        assertThat(projection.has("lagEvents")).isTrue();
        assertThat(projection.get("partitions").get(0).get("state").asText()).isIn("CATCHING_UP", "LIVE");
    }

    @Test
    void prometheus_shows_annals_meters_in_the_application_registry() throws Exception {
        assertThat(post("/tickets", "{\"title\":\"Metered\",\"reporter\":\"alice\",\"priority\":\"LOW\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes")
                .containsPattern("annals_append_seconds_count\\{[^}]*outcome=\"ok\"")
                .contains("annals_repository_save_seconds_count");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitBody(String path, String expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!get(path).body().equals(expected)) {
            assertThat(System.nanoTime()).as(path + " to answer " + expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
