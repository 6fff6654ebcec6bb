package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.cli.CliErrorsTest.Run;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.cli.bench.BenchDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annals bench} at a small scale ({@code --scale 50}: every size divided by 50) on real stores:
 * it prints the figures and the settings, leaves the given store as it was and no scratch store behind.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void bench_on_sqlite_prints_the_table_and_settings_leaves_the_store_untouched_and_no_scratch_file_behind() throws Exception {
        Path original = dir.resolve("x.db");
        writeThreeEvents("sqlite:" + original);
        List<Path> before = listing();
        String digest = sha256(original);

        Run run = CliErrorsTest.run("bench", "--store", "sqlite:" + original, "--workloads", "W1,W5", "--runs", "1", "--scale", "50");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("WORKLOAD", "MEDIAN", "MIN - MAX", "UNIT").contains("journal_mode = WAL", "synchronous = FULL");
        assertThat(run.out().lines().filter(l -> l.startsWith("W1 ")).findFirst()).hasValueSatisfying(l -> assertThat(l).contains("events/s"));
        assertThat(run.out().lines().filter(l -> l.startsWith("W5 ")).findFirst()).hasValueSatisfying(l -> assertThat(l).contains("correct"));
        assertThat(listing()).isEqualTo(before);
        assertThat(sha256(original)).isEqualTo(digest);
    }

    @Test
    void bench_on_a_file_that_does_not_exist_creates_nothing() throws IOException {
        Run run = CliErrorsTest.run("bench", "--store", "sqlite:" + dir.resolve("none.db"), "--workloads", "W2", "--runs", "1", "--scale", "100");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(listing()).isEmpty();
    }

    @Test
    void json_output_parses_and_holds_every_measured_run() throws Exception {
        Run run = CliErrorsTest.run("bench", "--store", "sqlite:" + dir.resolve("x.db") + "?synchronous=normal", "--workloads", "W2,W4b",
                "--runs", "2", "--scale", "100", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("settings").path("synchronous").asText()).isEqualTo("NORMAL");
        assertThat(report.path("runs").asInt()).isEqualTo(2);
        assertThat(report.path("workloads")).hasSize(2);
        JsonNode w2 = report.path("workloads").get(0);
        assertThat(w2.path("workload").asText()).isEqualTo("W2");
        assertThat(w2.path("unit").asText()).isEqualTo("events/s");
        assertThat(w2.path("values")).hasSize(2);
        assertThat(w2.path("median").asDouble()).isPositive().isBetween(w2.path("min").asDouble(), w2.path("max").asDouble());
        assertThat(report.path("workloads").get(1).path("unit").asText()).isEqualTo("streams/s");
        assertThat(listing()).isEmpty();
    }

    @Test
    void bench_on_a_memory_store_runs() {
        Run run = CliErrorsTest.run("bench", "--store", "memory:", "--workloads", "w3,W6-1k", "--runs", "1", "--scale", "100");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("durability = none").contains("W3 ").contains("W6-1k ").contains("x faster");
    }

    @Test
    void bench_on_postgresql_leaves_the_schema_untouched_and_no_scratch_schema_behind() throws Exception {
        String server = System.getenv("ANNALS_PG_URL");
        assumeThat(server).as("ANNALS_PG_URL names a PostgreSQL server").isNotBlank();
        String schema = "t_benchcommandtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = server + (server.contains("?") ? "&" : "?") + "schema=" + schema;
        List<String> scratchBefore = scratchSchemas(server);
        writeThreeEvents(url);
        try {
            Run run = CliErrorsTest.run("bench", "--store", url, "--workloads", "W1,W5", "--runs", "1", "--scale", "50");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("synchronous_commit = ", "wal_sync_method = ", "commit_delay = ").contains("W1 ", "W5 ");
            assertThat(scratchSchemas(server)).isEqualTo(scratchBefore);
            try (Annals annals = Annals.openExisting(url)) {
                assertThat(annals.inspect().stats().events()).isEqualTo(3);
            }
        } finally {
            try (Connection c = connect(server); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    @Tag("servers")
    void bench_on_nats_leaves_the_store_untouched_and_no_scratch_store_behind() throws Exception {
        String env = System.getenv("ANNALS_NATS_URL");
        String server = env == null || env.isBlank() ? "nats://127.0.0.1:4222" : env.replaceFirst("\\?.*", "");
        String store = "benchtest" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = server + "?store=" + store;
        writeThreeEvents(url);
        try (io.nats.client.Connection nats = Nats.connect(server)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            List<String> before = jsm.getStreamNames().stream().sorted().toList();
            try {
                Run run = CliErrorsTest.run("bench", "--store", url, "--workloads", "W1,W5", "--runs", "1", "--scale", "50");

                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).contains("server_version = ", "replicas = 1").contains("W1 ", "W5 ");
                assertThat(run.out().lines().filter(l -> l.startsWith("W5 ")).findFirst()).hasValueSatisfying(l -> assertThat(l).contains("correct"));
                assertThat(jsm.getStreamNames().stream().sorted().toList()).isEqualTo(before);
                try (Annals annals = Annals.openExisting(url)) {
                    assertThat(annals.inspect().stats().events()).isEqualTo(3);
                }
            } finally {
                // The store's streams and buckets (a bucket is a stream named KV_<bucket>) all carry its name.
                for (String name : jsm.getStreamNames()) {
                    if (name.toLowerCase(java.util.Locale.ROOT).contains("annals_" + store)) {
                        jsm.deleteStream(name);
                    }
                }
            }
        }
    }

    @Test
    void an_unknown_workload_is_one_line_naming_it_and_the_known_ones() {
        Run run = CliErrorsTest.run("bench", "--store", "sqlite:" + dir.resolve("x.db"), "--workloads", "W1,W9");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("annals: ").contains("'W9'", "W1, W2, W3, W4a");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void fewer_than_one_run_is_one_line() {
        Run run = CliErrorsTest.run("bench", "--store", "memory:", "--runs", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("--runs must be at least 1, was 0");
    }

    @Test
    void a_runs_count_that_is_not_a_number_is_one_line_with_exit_code_2() {
        Run run = CliErrorsTest.run("bench", "--store", "memory:", "--runs", "lots");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("lots");
    }

    @Test
    void a_url_no_backend_accepts_is_one_line_naming_it() {
        Run run = CliErrorsTest.run("bench", "--store", "carrier-pigeon://loft", "--workloads", "W1", "--runs", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("carrier-pigeon://loft").doesNotContain("Exception");
    }

    @Test
    void a_sqlite_store_in_a_directory_that_does_not_exist_is_one_line_and_creates_nothing() {
        Run run = CliErrorsTest.run("bench", "--store", "sqlite:" + dir.resolve("no/such/dir/x.db"), "--workloads", "W1", "--runs", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("does not exist");
        assertThat(dir).isEmptyDirectory();
    }

    private static void writeThreeEvents(String url) {
        try (Annals annals = Annals.open(url)) {
            EventStore<UUID, TicketEvent> tickets = annals.eventStore(Ticketing.TICKETS);
            UUID id = UUID.randomUUID();
            tickets.appendEvents(id, EventStore.NO_STREAM, BenchDomain.comments(id, 0, 3));
        }
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> scratchSchemas(String server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(server); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'annals\\_scratch\\_%' ORDER BY 1")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** A plain JDBC connection to the server of a store URL such as {@code postgresql://127.0.0.1:5432/test?user=postgres}. */
    private static Connection connect(String server) throws SQLException {
        String jdbc = "jdbc:" + server.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://");
        return DriverManager.getConnection(jdbc);
    }
}
