package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.DeleteMode;
import dev.annals.EventStore;
import dev.annals.StreamState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code annals delete STREAM}: a soft delete by default, {@code --hard} for good; asks first unless {@code --yes}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Deletes a stream. Soft (default): it reads as absent, its events stay in the global log, and an append "
                + "starts it again after its last version. --hard: its events and snapshots are removed and it can never be "
                + "written again. Asks for confirmation unless --yes.")
final class DeleteCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream, e.g. ticket-42.")
    String stream;

    @Option(names = "--hard", description = "Remove the events and snapshots for good; the stream can never be written again.")
    boolean hard;

    @Option(names = "--expected-version", paramLabel = "V",
            description = "Delete only if the stream is at this version (-1: absent); default: no check.")
    Long expectedVersion;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            StreamState state = annals.inspect().streamState(stream);
            if (!state.hardDeleted() && state.lastVersion() < 0) {
                throw new UserError("stream " + stream + " does not exist in " + annals.inspect().describe());
            }
            if (!hard && !state.hardDeleted() && !state.exists()) {
                throw new UserError("stream " + stream + " is deleted already (soft); --hard removes its events");
            }
            DeleteMode mode = hard ? DeleteMode.HARD : DeleteMode.SOFT;
            String what = hard ? "delete stream " + stream + " for good (its events and snapshots are removed)"
                    : "delete stream " + stream + " (soft: it reads as absent, its events stay in the global log)";
            Confirmation.confirm(yes, Character.toUpperCase(what.charAt(0)) + what.substring(1) + "?", what, spec.commandLine().getOut());
            annals.deleteStream(stream, expectedVersion == null ? EventStore.ANY : expectedVersion, mode);
            spec.commandLine().getOut().println("Deleted stream " + stream + (hard ? " for good (hard)" : " (soft)")
                    + " at version " + state.visibleVersion());
        }
        return 0;
    }
}
