package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.subscription.SubscriptionRecord;
import dev.annals.subscription.Subscriptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "subscriptions", mixinStandardHelpOptions = true,
        description = "Lists the subscriptions of a store: checkpoint, lag, lease, parked events.",
        subcommands = SubscriptionsCommand.Reset.class)
final class SubscriptionsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            Subscriptions subscriptions = annals.subscriptions();
            long head = annals.inspect().stats().headPosition();
            Instant now = Instant.now();
            List<Row> rows = new ArrayList<>();
            for (SubscriptionRecord record : subscriptions.list()) {
                long checkpoint = Math.max(record.checkpoint(), 0);
                boolean active = record.owner() != null && record.leaseExpiresAt() != null && record.leaseExpiresAt().isAfter(now);
                rows.add(new Row(record.subscription(), record.partition(), record.checkpoint(), head, subscriptions.lag(checkpoint),
                        active ? "active" : "no instance", record.token(), record.parked()));
            }
            if (json) {
                Json.print(spec.commandLine().getOut(), rows);
            } else if (rows.isEmpty()) {
                spec.commandLine().getOut().println("No subscriptions in " + annals.inspect().describe());
            } else {
                Table table = new Table("SUBSCRIPTION", "PARTITION", "CHECKPOINT", "HEAD", "LAG", "LEASE", "TOKEN", "PARKED");
                rows.forEach(r -> table.row(r.subscription(), r.partition(), r.checkpoint(), r.head(), r.lag(), r.lease(), r.token(),
                        r.parked()));
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    /** One subscription partition as listed; {@code lag} counts the events after the checkpoint. */
    record Row(String subscription, int partition, long checkpoint, long head, long lag, String lease, long token, int parked) {
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Resets a subscription: its next run calls its reset hook and handles the events after POS again.")
    static final class Reset implements Callable<Integer> {

        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "NAME", description = "The subscription.")
        String name;

        @Option(names = "--to", required = true, paramLabel = "POS",
                description = "The position to reset to (exclusive: the next event handled is the first after it; 0 rebuilds from the beginning).")
        long position;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (position < 0) {
                throw new UserError("--to must be >= 0, was " + position);
            }
            try (Annals annals = store.openExisting()) {
                annals.subscriptions().reset(name, position);
                spec.commandLine().getOut().println("Subscription " + name + " reset to position " + position
                        + "; its next run rebuilds from there.");
            }
            return 0;
        }
    }
}
