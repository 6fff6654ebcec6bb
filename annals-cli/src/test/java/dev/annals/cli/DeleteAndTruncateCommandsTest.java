package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.SnapshotPolicy;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.Ticketing;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals delete} and {@code annals truncate} on a real SQLite store, with and without a terminal to confirm on. */
class DeleteAndTruncateCommandsTest {

    @TempDir
    Path dir;

    private final Confirmation.Terminal system = Confirmation.terminal;
    private final List<String> prompts = new ArrayList<>();

    @AfterEach
    void restoreTheTerminal() {
        Confirmation.terminal = system;
    }

    private String store() {
        return "sqlite:" + dir.resolve("annals.db");
    }

    /** A ticket of 20 events, snapshotted at version 9 and 19; returns its stream. */
    private String writeATicket() {
        UUID id = UUID.randomUUID();
        try (Annals annals = Annals.open(store())) {
            EventSourcedRepository<Ticket, UUID> tickets = Ticketing.repository(annals, SnapshotPolicy.everyEvents(10));
            Ticket ticket = Ticket.open(id, "printer", "alice", Priority.HIGH, Instant.now());
            for (int i = 1; i < 20; i++) {
                ticket.comment("bob", "comment " + i);
            }
            tickets.save(ticket);
        }
        return "ticket-" + id;
    }

    private OptionalLong version(String stream) {
        try (Annals annals = Annals.openExisting(store())) {
            return annals.inspect().version(stream);
        }
    }

    private void answer(String reply) {
        Confirmation.terminal = prompt -> {
            prompts.add(prompt);
            return reply;
        };
    }

    private void noTerminal() {
        Confirmation.terminal = prompt -> null;
    }

    @Test
    void without_a_terminal_and_without_yes_delete_and_truncate_refuse_in_one_line_and_change_nothing() {
        String stream = writeATicket();
        noTerminal();

        CliErrorsTest.Run delete = CliErrorsTest.run("delete", stream, "--store", store());
        CliErrorsTest.Run truncate = CliErrorsTest.run("truncate", stream, "--before", "5", "--store", store());

        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err().lines()).singleElement().asString().startsWith("annals: refusing to delete stream " + stream)
                .contains("--yes");
        assertThat(truncate.exitCode()).isEqualTo(1);
        assertThat(truncate.err().lines()).singleElement().asString().contains("refusing").contains("--yes");
        assertThat(version(stream)).hasValue(19);
    }

    @Test
    void a_soft_delete_asks_and_deletes_on_yes_and_the_stream_reads_as_absent() {
        String stream = writeATicket();
        answer("y");

        CliErrorsTest.Run run = CliErrorsTest.run("delete", stream, "--store", store());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(prompts).singleElement().asString().contains(stream).contains("soft");
        assertThat(run.out()).contains("Deleted stream " + stream + " (soft)");
        assertThat(version(stream)).isEmpty();
        assertThat(CliErrorsTest.run("delete", stream, "--yes", "--store", store()).err()).contains("deleted already");
    }

    @Test
    void an_answer_other_than_yes_changes_nothing() {
        String stream = writeATicket();
        answer("n");

        CliErrorsTest.Run run = CliErrorsTest.run("delete", stream, "--hard", "--store", store());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("not confirmed");
        assertThat(version(stream)).hasValue(19);
    }

    @Test
    void a_hard_delete_with_yes_removes_the_stream_for_good() {
        String stream = writeATicket();
        noTerminal();

        CliErrorsTest.Run stale = CliErrorsTest.run("delete", stream, "--hard", "--expected-version", "3", "--yes", "--store", store());
        CliErrorsTest.Run run = CliErrorsTest.run("delete", stream, "--hard", "--expected-version", "19", "--yes", "--store", store());

        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err().lines()).singleElement().asString().contains("expected version 3").contains("19");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("for good");
        assertThat(CliErrorsTest.run("events", stream, "--store", store()).out()).doesNotContain("comment");
        CliErrorsTest.Run again = CliErrorsTest.run("delete", stream, "--hard", "--yes", "--store", store());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines()).singleElement().asString().contains("deleted for good");
    }

    @Test
    void truncate_removes_the_events_below_a_snapshot_and_is_refused_without_one() {
        String stream = writeATicket();
        answer("yes");

        CliErrorsTest.Run run = CliErrorsTest.run("truncate", stream, "--before", "19", "--store", store());
        CliErrorsTest.Run beyond = CliErrorsTest.run("truncate", stream, "--before", "25", "--yes", "--store", store());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("now starts at version 19");
        assertThat(version(stream)).hasValue(19);
        assertThat(beyond.exitCode()).isEqualTo(1);
        assertThat(beyond.err().lines()).singleElement().asString().contains("Cannot truncate").contains("last");
    }

    @Test
    void unknown_streams_and_a_missing_before_are_one_line_errors() {
        writeATicket();
        CliErrorsTest.Run unknown = CliErrorsTest.run("delete", "ticket-nope", "--yes", "--store", store());
        CliErrorsTest.Run missing = CliErrorsTest.run("truncate", "ticket-nope", "--store", store());

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).singleElement().asString().contains("does not exist");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().lines()).singleElement().asString().contains("--before");
    }
}
