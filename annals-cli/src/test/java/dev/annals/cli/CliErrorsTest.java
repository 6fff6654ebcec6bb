package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors print one line, no stack trace, and exit non-zero. */
class CliErrorsTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AnnalsCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void an_unknown_url_scheme_is_one_line_naming_the_url() {
        Run run = run("stats", "--store", "carrier-pigeon://loft");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("annals: ").contains("carrier-pigeon://loft").doesNotContain("Exception");
    }

    @Test
    void a_missing_store_file_is_one_line_and_creates_nothing(@TempDir Path dir) {
        Path file = dir.resolve("nope.db");

        Run run = run("streams", "--store", "sqlite:" + file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().containsIgnoringCase("no annals store at").contains("nope.db");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void an_unknown_option_is_one_line_with_exit_code_2() {
        Run run = run("demo", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("--frobnicate");
    }

    @Test
    void a_bad_number_is_one_line_with_exit_code_2() {
        Run run = run("events", "ticket-1", "--limit", "many", "--store", "memory:");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("many");
    }

    @Test
    void an_unknown_stream_is_one_line() {
        Run run = run("events", "ticket-00000000-0000-0000-0000-000000000000", "--store", "memory:");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("no stream named 'ticket-00000000");
    }

    @Test
    void events_has_no_from_option_only_the_exclusive_after() {
        Run run = run("events", "ticket-1", "--from", "3", "--store", "memory:");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("--from");
    }
}
