package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.internal.MetadataCodec;
import dev.annals.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
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

    @Option(names = "--from", defaultValue = "0", paramLabel = "V", description = "First version to show (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most this many events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON (with full payloads and metadata) instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (from < 0 || limit < 1) {
            throw new UserError("--from must be >= 0 and --limit >= 1");
        }
        try (Annals annals = store.openExisting()) {
            if (annals.backend().currentVersion(stream).isEmpty()) {
                throw new UserError("no stream named '" + stream + "' in " + annals.backend().describe());
            }
            List<StoredEvent> events = annals.backend().readStream(stream, from - 1, limit);
            if (json) {
                List<EventRow> rows = new ArrayList<>();
                for (StoredEvent e : events) {
                    rows.add(new EventRow(e.version(), e.position(), e.eventId().toString(), e.type(), e.schemaVersion(),
                            e.recordedAt().toString(), MetadataCodec.read(e.metadata()), payload(e.payload())));
                }
                Json.print(spec.commandLine().getOut(), rows);
            } else {
                Table table = new Table("VERSION", "POSITION", "TYPE", "RECORDED", "PAYLOAD");
                for (StoredEvent e : events) {
                    table.row(e.version(), e.position(), e.type(), e.recordedAt(), abbreviate(new String(e.payload(), StandardCharsets.UTF_8)));
                }
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    /** The payload as JSON, or as base64 text when it is not JSON (another codec wrote it). */
    private static Object payload(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= PAYLOAD_WIDTH ? text : text.substring(0, PAYLOAD_WIDTH - 1) + "…";
    }

    record EventRow(long version, long position, String eventId, String type, int schemaVersion, String recordedAt,
                    Object metadata, Object payload) {
    }
}
