package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.StoreInspector.StreamSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "streams", mixinStandardHelpOptions = true, description = "Lists the streams of a store, in name order.")
final class StreamsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Option(names = "--after", paramLabel = "STREAM", description = "Show the streams whose names sort after STREAM, exclusive (default: from the first).")
    String after;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most this many streams (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UserError("--limit must be >= 1, was " + limit);
        }
        try (Annals annals = store.openExisting()) {
            List<StreamSummary> streams = annals.inspect().streams(after, limit);
            if (json) {
                List<Object> rows = new ArrayList<>();
                streams.forEach(s -> rows.add(new StreamRow(s.stream(), s.version() + 1, s.version(), s.snapshots())));
                Json.print(spec.commandLine().getOut(), rows);
            } else {
                Table table = new Table("STREAM", "EVENTS", "VERSION", "SNAPSHOTS");
                streams.forEach(s -> table.row(s.stream(), s.version() + 1, s.version(), s.snapshots()));
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    record StreamRow(String stream, long events, long version, int snapshots) {
    }
}
