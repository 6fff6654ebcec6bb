package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.EventSourcedRepository;
import dev.annals.Snapshot;
import dev.annals.SnapshotPolicy;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.Ticket;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.TicketStatus;
import dev.annals.examples.ticketing.Ticketing;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code annals verify} checks the fold of the categories named by an {@code AggregateCatalog} on
 * its class path (the ticketing example's, or one given with {@code --classpath}), the hash of the
 * others, and says per category which it did.
 */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private String store() {
        return "sqlite:" + dir.resolve("annals.db");
    }

    /** One ticket of 30 events snapshotted at version 29, and one note of 3 edits snapshotted at version 2. */
    private UUID writeATicketAndANote() {
        UUID ticketId = UUID.randomUUID();
        try (Annals annals = Annals.open(store())) {
            EventSourcedRepository<Ticket, UUID> tickets = Ticketing.repository(annals, SnapshotPolicy.everyEvents(10));
            Ticket ticket = Ticket.open(ticketId, "printer", "alice", Priority.HIGH, Instant.now());
            for (int i = 1; i < 30; i++) {
                ticket.comment("bob", "comment " + i);
            }
            tickets.save(ticket);
            EventSourcedRepository<Notes.Note, String> notes = EventSourcedRepository.builder(annals.eventStore(Notes.NOTES),
                    annals.snapshotStore(Notes.NOTES, Notes.NoteState.class), Notes.Note::new).policy(SnapshotPolicy.everyEvents(1)).build();
            Notes.Note note = new Notes.Note("groceries");
            note.edit("milk");
            note.edit("milk, eggs");
            note.edit("milk, eggs, bread");
            notes.save(note);
        }
        return ticketId;
    }

    @Test
    void verify_folds_the_catalogued_category_and_checks_the_other_by_hash_only_saying_so_per_category() {
        writeATicketAndANote();

        CliErrorsTest.Run run = CliErrorsTest.run("verify", "--store", store());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("note +1 +0 +hash only \\(no aggregate catalog names this category\\)")
                .containsPattern("ticket +1 +0 +hash, fingerprint and fold of the events")
                .contains("2 snapshots verified, 0 failed.");
    }

    @Test
    void a_snapshot_whose_hash_holds_but_whose_state_is_not_the_fold_of_its_events_fails() {
        UUID ticketId = writeATicketAndANote();
        try (Annals annals = Annals.open(store())) {
            var snapshots = annals.snapshotStore(Ticketing.TICKETS, TicketSnapshot.class);
            TicketSnapshot real = snapshots.getLatestSnapshot(ticketId).orElseThrow().state();
            TicketSnapshot wrong = new TicketSnapshot(real.id(), real.title(), real.reporter(), real.priority(), TicketStatus.RESOLVED,
                    real.assignee(), real.comments(), real.lastCommentAuthor(), real.reopenCount(), real.openedAt());
            snapshots.saveSnapshot(Snapshot.of(ticketId, 29, wrong));
        }

        CliErrorsTest.Run run = CliErrorsTest.run("verify", "--store", store());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAILED ticket-" + ticketId + " @29: state differs from a fold of the events")
                .containsPattern("ticket +1 +1 +hash, fingerprint and fold of the events")
                .contains("2 snapshots verified, 1 failed.");
    }

    @Test
    void a_catalog_given_with_classpath_makes_verify_fold_its_category(@TempDir Path catalog) throws Exception {
        writeATicketAndANote();
        compileNotesCatalog(catalog);

        CliErrorsTest.Run run = CliErrorsTest.run("verify", "--store", store(), "--classpath", catalog.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("note +1 +0 +hash, fingerprint and fold of the events")
                .containsPattern("ticket +1 +0 +hash, fingerprint and fold of the events");
    }

    @Test
    void a_classpath_entry_that_does_not_exist_is_one_line() {
        writeATicketAndANote();

        CliErrorsTest.Run run = CliErrorsTest.run("verify", "--store", store(), "--classpath", dir.resolve("nope.jar").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("--classpath").contains("nope.jar");
    }

    /** A user's catalog: a class listed in META-INF/services, compiled into {@code classes}. */
    private static void compileNotesCatalog(Path classes) throws Exception {
        Path source = classes.resolve("src/notes/NotesCatalog.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package notes;

                import dev.annals.AggregateCatalog;
                import dev.annals.VerifiableAggregate;
                import dev.annals.cli.Notes;
                import java.util.List;

                public class NotesCatalog implements AggregateCatalog {
                    @Override
                    public List<VerifiableAggregate<?, ?, ?>> aggregates() {
                        return List.of(VerifiableAggregate.of(Notes.NOTES, Notes.NoteState.class, Notes.Note::new));
                    }
                }
                """);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = compiler.run(null, diagnostics, diagnostics, "-classpath", classPath, "-d", classes.toString(), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        Path services = classes.resolve("META-INF/services/dev.annals.AggregateCatalog");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "notes.NotesCatalog\n");
    }
}
