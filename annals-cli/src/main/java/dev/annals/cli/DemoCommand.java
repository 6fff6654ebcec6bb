package dev.annals.cli;

import dev.annals.Annals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the ticketing demo on the store: writes tickets through the repository, measures loads, verifies snapshots.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--tickets", defaultValue = "1000", description = "Tickets of 20-200 events each (default: ${DEFAULT-VALUE}).")
    int tickets;

    @Option(names = "--long-ticket-events", defaultValue = "100000", description = "Events of the one long ticket (default: ${DEFAULT-VALUE}).")
    int longTicketEvents;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random ticket histories (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (tickets < 0 || longTicketEvents < 1) {
            throw new UserError("--tickets must be >= 0 and --long-ticket-events >= 1");
        }
        try (Annals annals = store.open()) {
            var demo = new TicketingDemo(annals, spec.commandLine().getOut(), spec.commandLine().getErr(), tickets, longTicketEvents, seed);
            return demo.run() ? 0 : 1;
        }
    }
}
