package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals generate} is reachable from the main command. */
class GenerateSubcommandTest {

    @Test
    void generate_prints_the_schema_of_a_component() {
        CliErrorsTest.Run run = CliErrorsTest.run("generate", "--schema", "infrastructure_snapshot_store");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"store_name\"").contains("\"snapshot_module_str\"");
    }

    @Test
    void generate_writes_the_seed_example_and_refuses_a_bad_definition_in_one_line(@TempDir Path dir) throws Exception {
        Path definition = dir.resolve("store.json");
        Files.writeString(definition, CliErrorsTest.run("generate", "--example", "infrastructure_snapshot_store").out());

        CliErrorsTest.Run ok = CliErrorsTest.run("generate", definition.toString(), "--out", dir.toString());
        Files.writeString(definition, "{\"store_name\": 42}");
        CliErrorsTest.Run bad = CliErrorsTest.run("generate", definition.toString(), "--out", dir.resolve("bad").toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(dir.resolve("src/main/java/app_root_name/infrastructure/snapshotstores/InMemoryTicketSnapshotStore.java")).exists();
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err().lines()).singleElement().asString().contains("store_name");
        assertThat(dir.resolve("bad")).doesNotExist();
    }
}
