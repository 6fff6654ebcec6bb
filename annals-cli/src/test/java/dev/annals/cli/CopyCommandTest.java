package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals copy} on SQLite files written by the demo: the report, {@code --json}, and user errors as one line. */
class CopyCommandTest {

    @TempDir
    static Path dir;

    static String demo;

    @BeforeAll
    static void writeADemoStore() {
        demo = "sqlite:" + dir.resolve("demo.db");
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", demo, "--tickets", "10", "--long-ticket-events", "1200");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void copy_prints_a_short_report_that_says_both_sides_agree() {
        CliErrorsTest.Run run = CliErrorsTest.run("copy", demo, "sqlite:" + dir.resolve("text.db"), "--page-size", "300");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Copied sqlite:").contains("Verified: the same streams, events and snapshots on both sides");
        assertThat(run.out().lines().filter(line -> line.startsWith("  source") || line.startsWith("  target")))
                .hasSize(2).allSatisfy(line -> assertThat(line).contains(" 11 "));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void copy_with_json_prints_the_report_for_scripts_and_a_second_run_copies_nothing() throws Exception {
        String target = "sqlite:" + dir.resolve("json.db");
        JsonNode first = Json.mapper().readTree(CliErrorsTest.run("copy", demo, target, "--json").out());
        JsonNode second = Json.mapper().readTree(CliErrorsTest.run("copy", demo, target, "--json").out());

        assertThat(first.get("verified").asBoolean()).isTrue();
        assertThat(first.get("copied").asLong()).isEqualTo(first.get("source").get("events").asLong()).isGreaterThan(1200);
        assertThat(first.get("source").get("eventDigest").asText()).hasSize(64).isEqualTo(first.get("target").get("eventDigest").asText());
        assertThat(second.get("copied").asLong()).isZero();
        assertThat(second.get("resumed").asLong()).isEqualTo(first.get("copied").asLong());
        assertThat(second.get("verified").asBoolean()).isTrue();
    }

    @Test
    void a_target_holding_other_data_is_one_line_naming_it_and_exit_code_1() {
        String target = "sqlite:" + dir.resolve("foreign.db");
        try (Annals annals = Annals.open(target)) {
            annals.backend().append(new AppendRequest("other-1", AppendRequest.NO_STREAM, List.of(new NewEvent(UUID.randomUUID(), "x", 1,
                    new byte[0], "{}".getBytes(StandardCharsets.UTF_8))), Instant.now()));
        }

        CliErrorsTest.Run run = CliErrorsTest.run("copy", demo, target);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("annals: The copy target sqlite:").contains("foreign.db").contains("not a part of this copy");
    }

    @Test
    void a_missing_source_or_a_bad_category_is_one_line() {
        CliErrorsTest.Run missing = CliErrorsTest.run("copy", "sqlite:" + dir.resolve("none.db"), "sqlite:" + dir.resolve("x.db"));
        CliErrorsTest.Run category = CliErrorsTest.run("copy", demo, "sqlite:" + dir.resolve("y.db"), "--category", "no such");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines()).singleElement().asString().contains("none.db");
        assertThat(category.exitCode()).isEqualTo(1);
        assertThat(category.err().lines()).singleElement().asString().contains("category name 'no such'");
    }
}
