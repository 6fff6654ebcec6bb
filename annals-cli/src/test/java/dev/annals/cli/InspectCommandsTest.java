package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.examples.ticketing.TicketingDemo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspection commands on a real SQLite store written by the demo. */
class InspectCommandsTest {

    @TempDir
    static Path dir;

    static String store;

    @BeforeAll
    static void writeADemoStore() {
        store = "sqlite:" + dir.resolve("annals.db");
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", store, "--tickets", "20", "--long-ticket-events", "1500");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void a_second_demo_run_finds_the_first_runs_data() {
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", store, "--tickets", "20", "--long-ticket-events", "1500");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Found the data of an earlier run: 21 streams");
    }

    @Test
    void streams_lists_every_stream_as_a_table_and_as_json() throws Exception {
        CliErrorsTest.Run table = CliErrorsTest.run("streams", "--store", store);
        JsonNode json = Json.mapper().readTree(CliErrorsTest.run("streams", "--store", store, "--json").out());

        assertThat(table.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(header).startsWith("STREAM").contains("EVENTS"));
        assertThat(table.out().lines()).hasSize(22);
        assertThat(json).hasSize(21);
        assertThat(json.findValuesAsText("stream")).contains("ticket-" + TicketingDemo.LONG_TICKET);
    }

    @Test
    void events_after_a_version_starts_with_the_next_one_as_the_api_does() throws Exception {
        String stream = "ticket-" + TicketingDemo.LONG_TICKET;

        JsonNode json = Json.mapper().readTree(
                CliErrorsTest.run("events", stream, "--store", store, "--after", "10", "--limit", "5", "--json").out());
        JsonNode first = Json.mapper().readTree(CliErrorsTest.run("events", stream, "--store", store, "--limit", "2", "--json").out());

        assertThat(json).hasSize(5);
        assertThat(json.get(0).get("version").asLong()).isEqualTo(11);
        assertThat(json.get(4).get("version").asLong()).isEqualTo(15);
        assertThat(first.get(0).get("version").asLong()).as("without --after: from the first event").isZero();
        assertThat(first.get(0).get("metadata").has("empty")).as("metadata as its fields").isFalse();
        assertThat(json.get(0).get("payload").get("ticketId").asText()).isEqualTo(TicketingDemo.LONG_TICKET.toString());
        assertThat(json.get(0).get("type").asText()).startsWith("ticket-");
    }

    @Test
    void stats_counts_the_store() throws Exception {
        JsonNode json = Json.mapper().readTree(CliErrorsTest.run("stats", "--store", store, "--json").out());

        assertThat(json.get("stats").get("streams").asLong()).isEqualTo(21);
        assertThat(json.get("stats").get("events").asLong()).isGreaterThan(1500 + 20 * 20 - 1);
        assertThat(json.get("stats").get("sizeBytes").asLong()).isPositive();
    }

    @Test
    void verify_passes_then_reports_a_tampered_snapshot_and_exits_1(@TempDir Path copyDir) throws Exception {
        Path copy = copyDir.resolve("copy.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("annals.db"))) {
            c.createStatement().execute("VACUUM INTO '" + copy + "'");
        }
        String copyStore = "sqlite:" + copy;
        CliErrorsTest.Run intact = CliErrorsTest.run("verify", "--store", copyStore);
        assertThat(intact.exitCode()).as(intact.out()).isZero();
        assertThat(intact.out()).containsPattern("ticket +[0-9,]+ +0 +hash, fingerprint and fold of the events");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            c.createStatement().executeUpdate(
                    "UPDATE snapshots SET state = replace(state, 'OPEN', 'RESOLVED') WHERE stream = 'ticket-" + TicketingDemo.LONG_TICKET + "'");
        }
        CliErrorsTest.Run run = CliErrorsTest.run("verify", "--store", copyStore);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED ticket-" + TicketingDemo.LONG_TICKET).contains("hash mismatch");
        assertThat(CliErrorsTest.run("snapshots", "ticket-" + TicketingDemo.LONG_TICKET, "--store", copyStore).out())
                .contains("hash mismatch");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy)) {
            c.createStatement().executeUpdate("UPDATE snapshots SET hash = 'deadbeef'");
        }
        CliErrorsTest.Run shortHash = CliErrorsTest.run("verify", "--store", copyStore);

        assertThat(shortHash.exitCode()).isEqualTo(1);
        assertThat(shortHash.out()).contains("stored deadbeef,");
        assertThat(shortHash.err()).isEmpty();
    }
}
