package dev.annals.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import dev.annals.StoreInspector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "events", mixinStandardHelpOptions = true, description = "Shows the events of one stream.")
final class EventsCommand implements Callable<Integer> {

    private static final int PAYLOAD_WIDTH = 70;

    @Mixin
    StoreOption store;

    @Parameters(paramLabel = "STREAM", description = "The stream, e.g. ticket-<uuid> (see 'annals streams').")
    String stream;

    @Option(names = "--after", defaultValue = "-1", paramLabel = "V",
            description = "Show the events after version V, exclusive (default: ${DEFAULT-VALUE}, from the first event).")
    long after;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most this many events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON (with full payloads and metadata) instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UserError("--limit must be >= 1, was " + limit);
        }
        try (Annals annals = store.openExisting()) {
            StoreInspector inspector = annals.inspect();
            if (inspector.version(stream).isEmpty()) {
                throw new UserError("no stream named '" + stream + "' in " + inspector.describe());
            }
            List<RecordedEvent<JsonNode>> events = inspector.events(stream, after, limit);
            if (json) {
                List<EventRow> rows = new ArrayList<>();
                for (RecordedEvent<JsonNode> e : events) {
                    rows.add(new EventRow(e.version(), e.position(), e.eventId().toString(), e.type(), e.recordedAt().toString(),
                            e.metadata(), e.event()));
                }
                Json.print(spec.commandLine().getOut(), rows);
            } else {
                Table table = new Table("VERSION", "POSITION", "TYPE", "RECORDED", "PAYLOAD");
                for (RecordedEvent<JsonNode> e : events) {
                    table.row(e.version(), e.position(), e.type(), e.recordedAt(), abbreviate(e.event().toString()));
                }
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private static String abbreviate(String text) {
        return text.length() <= PAYLOAD_WIDTH ? text : text.substring(0, PAYLOAD_WIDTH - 1) + "…";
    }

    record EventRow(long version, long position, String eventId, String type, String recordedAt, Metadata metadata,
                    JsonNode payload) {
    }
}
