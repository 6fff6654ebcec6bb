package dev.annals.cli;

import dev.annals.Annals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code annals truncate STREAM --before V}: removes the events below a snapshot; asks first unless {@code --yes}. */
@Command(name = "truncate", mixinStandardHelpOptions = true,
        description = "Removes the events of a stream below a version (from the stream and the global log). Refused unless a "
                + "snapshot at or after that version exists. Asks for confirmation unless --yes.")
final class TruncateCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "STREAM", description = "The stream, e.g. ticket-42.")
    String stream;

    @Option(names = "--before", paramLabel = "V", required = true,
            description = "Remove the events with a version below V; the event at V and later stay.")
    long before;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            String what = "remove the events of stream " + stream + " below version " + before;
            Confirmation.confirm(yes, "Remove the events of stream " + stream + " below version " + before + "?", what,
                    spec.commandLine().getOut());
            annals.truncateBefore(stream, before);
            spec.commandLine().getOut().println("Truncated stream " + stream + ": it now starts at version "
                    + annals.inspect().streamState(stream).firstVersion());
        }
        return 0;
    }
}
