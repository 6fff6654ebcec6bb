package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.StoreInspector;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "stats", mixinStandardHelpOptions = true, description = "Shows the totals of a store.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            StoreInspector inspector = annals.inspect();
            StoreInspector.Stats stats = inspector.stats();
            if (json) {
                Json.print(spec.commandLine().getOut(), new StatsRow(inspector.describe(), stats));
            } else {
                Table table = new Table("STORE", "STREAMS", "EVENTS", "SNAPSHOTS", "HEAD POSITION", "BYTES ON DISK");
                table.row(inspector.describe(), stats.streams(), stats.events(), stats.snapshots(), stats.headPosition(),
                        stats.sizeBytes() < 0 ? "n/a" : String.format("%,d", stats.sizeBytes()));
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    record StatsRow(String store, StoreInspector.Stats stats) {
    }
}
