package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.Subscriptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "parked", mixinStandardHelpOptions = true,
        description = "Lists the events a subscription parked; --retry asks its running instance to try them again, --drop removes them.")
final class ParkedCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The subscription.")
    String name;

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--retry", description = "Ask the running instance to try the parked events again.")
        boolean retry;

        @Option(names = "--drop", description = "Remove the parked events: they are not handled; a partition stopped on one goes on.")
        boolean drop;
    }

    @Option(names = "--position", paramLabel = "POS", description = "Only the parked event at this position (default: all).")
    Long position;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            Subscriptions subscriptions = annals.subscriptions();
            List<ParkedEvent> parked = subscriptions.parked(name).stream()
                    .filter(p -> position == null || p.position() == position).toList();
            if (position != null && parked.isEmpty()) {
                throw new UserError("subscription " + name + " has no parked event at position " + position);
            }
            if (action != null) {
                for (ParkedEvent event : parked) {
                    if (action.retry) {
                        subscriptions.retryParked(name, event.position());
                    } else {
                        subscriptions.dropParked(name, event.position());
                    }
                }
                spec.commandLine().getOut().println((action.retry ? "Asked to retry " : "Dropped ") + parked.size()
                        + " parked event(s) of " + name);
                return 0;
            }
            if (json) {
                Json.print(spec.commandLine().getOut(), parked);
            } else if (parked.isEmpty()) {
                spec.commandLine().getOut().println("Subscription " + name + " has no parked events");
            } else {
                Table table = new Table("POSITION", "PARTITION", "STREAM", "EVENT ID", "TRIES", "PARKED AT", "RETRY", "ERROR");
                parked.forEach(p -> table.row(p.position(), p.partition(), p.stream(), p.eventId(), p.attempts(), p.parkedAt(),
                        p.retryRequested() ? "asked" : "", p.error().lines().findFirst().orElse("")));
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }
}
