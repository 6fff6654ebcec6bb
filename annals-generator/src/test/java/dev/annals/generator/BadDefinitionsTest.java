package dev.annals.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad definition gives one line on stderr naming every problem with its field, a
 * non-zero exit code, and writes no file.
 */
class BadDefinitionsTest {

    @TempDir
    Path directory;

    private CommandRun generate(String definition) throws IOException {
        Path file = directory.resolve("definition.json");
        Files.writeString(file, definition);
        return CommandRun.of(file.toString(), "--out", directory.resolve("out").toString());
    }

    private void assertRejected(CommandRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(GenerateCommand.USER_ERROR);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).startsWith("Invalid definition definition.json: ");
        for (String fragment : fragments) {
            assertThat(run.errorLines().get(0)).contains(fragment);
        }
        assertThat(run.stdout()).isEmpty();
        assertThat(directory.resolve("out")).doesNotExist();
    }

    @Test
    void a_missing_required_field_is_named() throws IOException {
        CommandRun run = generate("""
                {"store_name": "InMemoryTicketSnapshotStore", "aggregate_id_type_str": "uuid.UUID",
                 "snapshot_type_str": "TicketSnapshot"}""");

        assertRejected(run, "snapshot_module_str: is required but missing");
    }

    @Test
    void a_field_of_the_wrong_type_is_named_with_the_type_it_must_have() throws IOException {
        CommandRun run = generate("""
                {"store_name": 42, "aggregate_id_type_str": "uuid.UUID", "snapshot_type_str": "TicketSnapshot",
                 "snapshot_module_str": "app.domain.models", "description": ["not", "text"]}""");

        assertRejected(run, "store_name: must be a string, was a number", "description: must be a string or null, was an array");
    }

    @Test
    void an_unknown_store_type_lists_the_known_ones() throws IOException {
        CommandRun run = generate("""
                {"store_name": "RedisTicketSnapshotStore", "aggregate_id_type_str": "uuid.UUID",
                 "snapshot_type_str": "TicketSnapshot", "snapshot_module_str": "app.domain.models", "store_type": "redis"}""");

        assertRejected(run, "store_type: must be one of in_memory, sqlite, postgres, was \"redis\"");
    }

    @Test
    void a_name_that_is_not_a_java_identifier_is_rejected() throws IOException {
        CommandRun run = generate("""
                {"store_name": "Ticket Snapshot Store", "aggregate_id_type_str": "uuid.UUID",
                 "snapshot_type_str": "class", "snapshot_module_str": "app.domain.models"}""");

        assertRejected(run, "store_name: \"Ticket Snapshot Store\" is not a valid Java identifier",
                "snapshot_type_str: 'class' is not a valid Java identifier");
    }

    @Test
    void every_problem_is_reported_at_once_in_field_order() throws IOException {
        CommandRun run = generate("""
                {"store_name": "Bad-Name", "snapshot_type_str": 7, "snapshot_module_str": "app.1domain",
                 "store_type": "redis", "stor_type": "sqlite"}""");

        assertRejected(run);
        assertThat(run.errorLines().get(0)).isEqualTo("Invalid definition definition.json: "
                + "store_name: \"Bad-Name\" is not a valid Java identifier; "
                + "aggregate_id_type_str: is required but missing; "
                + "snapshot_type_str: must be a string, was a number; "
                + "snapshot_module_str: 'app.1domain' is not a valid Java package name; "
                + "store_type: must be one of in_memory, sqlite, postgres, was \"redis\"; "
                + "stor_type: is not a field of this component");
    }

    @Test
    void an_event_store_definition_is_checked_against_its_own_schema() throws IOException {
        CommandRun run = generate("""
                {"component": "infrastructure_event_store", "store_name": "TicketEventStore",
                 "aggregate_id_type_str": "uuid.UUID", "snapshot_type_str": "TicketSnapshot"}""");

        assertRejected(run, "event_type_str: is required but missing", "event_module_str: is required but missing",
                "snapshot_type_str: is not a field of this component");
    }

    @Test
    void an_id_type_a_backend_cannot_store_is_rejected_for_that_backend_only() throws IOException {
        String definition = """
                {"store_name": "TicketSnapshotStore", "aggregate_id_type_str": "com.acme.TicketId",
                 "snapshot_type_str": "TicketSnapshot", "snapshot_module_str": "app.domain.models", "store_type": "%s"}""";

        assertRejected(generate(definition.formatted("sqlite")),
                "aggregate_id_type_str: a sqlite store stores ids of type java.util.UUID, String or long, not com.acme.TicketId");
        assertThat(generate(definition.formatted("in_memory")).exitCode()).isZero();
    }

    @Test
    void an_unknown_id_spelling_and_a_castlecraft_module_without_counterpart_are_rejected() throws IOException {
        CommandRun run = generate("""
                {"store_name": "TicketSnapshotStore", "aggregate_id_type_str": "TicketId",
                 "snapshot_type_str": "TicketSnapshot", "snapshot_module_str": "app.domain.models",
                 "base_interface_module": "castlecraft_engineer.abstractions.repository"}""");

        assertRejected(run, "aggregate_id_type_str: 'TicketId' is not a known id type",
                "base_interface_module: 'castlecraft_engineer.abstractions.repository.SnapshotStore' has no Annals counterpart");
    }

    @Test
    void malformed_json_names_the_line_and_column() throws IOException {
        CommandRun run = generate("{\n  \"store_name\": \"TicketSnapshotStore\",\n  oops\n}");

        assertRejected(run, "(definition): is not valid JSON at line 3, column");
    }

    @Test
    void a_document_that_is_not_an_object_is_rejected() throws IOException {
        assertRejected(generate("[1, 2]"), "(definition): must be a JSON object, was an array");
    }

    @Test
    void a_missing_definition_file_is_one_line_too() {
        CommandRun run = CommandRun.of(directory.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(GenerateCommand.USER_ERROR);
        assertThat(run.errorLines()).singleElement().asString().contains("does not exist");
    }

    @Test
    void a_bad_definition_leaves_an_existing_output_directory_untouched() throws IOException {
        Path out = Files.createDirectories(directory.resolve("out"));
        Files.writeString(directory.resolve("definition.json"), "{\"store_name\": \"X\"}");

        CommandRun run = CommandRun.of(directory.resolve("definition.json").toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(GenerateCommand.USER_ERROR);
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files).containsExactly(out);
        }
    }
}
