package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.CopyOptions;
import dev.annals.CopyReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code annals copy SRC DST}: {@link Annals#copy} between two stores given by URL, with its progress on
 * stderr and its report on stdout (text, or JSON with {@code --json}). Exits 1 when the verification
 * finds the sides differ.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copies a store's events (in the order of its global log, each unchanged) and snapshots to another "
                + "store, of any backend, then verifies both sides (per-stream versions, counts and SHA-256 digests). "
                + "Deleted and truncated streams keep their state. "
                + "Run it again after an interruption: it checks what the target holds and goes on after it. "
                + "A target holding anything else is refused."})
final class CopyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SRC", description = "The store to copy from (it must exist): sqlite:PATH, postgresql://…, nats://…")
    String sourceUrl;

    @Parameters(index = "1", paramLabel = "DST", description = "The store to copy to, created when missing; empty or holding an interrupted copy of SRC.")
    String targetUrl;

    @Option(names = "--category", paramLabel = "C", description = "Only the streams of this category (repeatable; default: every stream).")
    List<String> categories = new ArrayList<>();

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "" + CopyOptions.DEFAULT_PAGE_SIZE,
            description = "Events read per page (default: ${DEFAULT-VALUE}); bounds the memory the copy takes.")
    int pageSize;

    @Option(names = "--without-stream-states", description = "Leave the deletes of streams out (for a target that cannot keep "
            + "them): soft-deleted streams read as present in the target, streams deleted for good are absent. Truncations are "
            + "always carried.")
    boolean withoutStreamStates;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CopyOptions options = CopyOptions.everything().categories(categories.toArray(String[]::new)).pageSize(pageSize);
        if (withoutStreamStates) {
            options = options.withoutStreamStates();
        }
        CopyReport report;
        try (Annals from = Annals.openExisting(sourceUrl); Annals to = Annals.open(targetUrl);
             CopyProgressLine progress = new CopyProgressLine(spec.commandLine().getErr())) {
            report = Annals.copy(from, to, options.onProgress(progress));
        }
        if (json) {
            Json.print(out, report);
        } else {
            print(out, report);
        }
        return report.verified() ? 0 : 1;
    }

    private static void print(PrintWriter out, CopyReport report) {
        out.printf("Copied %s to %s%s.%n", report.source().store(), report.target().store(),
                report.categories().isEmpty() ? "" : " (categories " + String.join(", ", report.categories()) + ")");
        out.printf("  events:    %,d copied in %.1f s (%,.0f events/s)%s%n", report.copied(), report.copySeconds(),
                report.eventsPerSecond(), report.resumed() > 0 ? String.format(", %,d found from an earlier run", report.resumed()) : "");
        out.printf("  snapshots: %,d revisions copied%n", report.snapshotsCopied());
        if (report.source().streamStates() > 0 || report.deletesLeftOut()) {
            out.printf("  streams deleted or truncated: %,d carried (%,d recorded by this run)%s%n", report.source().streamStates(),
                    report.streamStatesRecorded(), report.deletesLeftOut() ? "; deletes left out" : "");
        }
        for (CopyReport.Checkpoint checkpoint : report.checkpoints()) {
            out.printf("  checkpoint of %s (partition %d): position %,d in the source, %,d in the target%n", checkpoint.subscription(),
                    checkpoint.partition(), checkpoint.sourcePosition(), checkpoint.targetPosition());
        }
        out.printf("  %-9s %12s %12s %12s  %s%n", "", "STREAMS", "EVENTS", "SNAPSHOTS", "EVENT DIGEST (SHA-256)");
        side(out, "source", report.source());
        side(out, "target", report.target());
        if (report.verified()) {
            out.printf("Verified: the same streams, events and snapshots on both sides (%.1f s in all).%n", report.seconds());
        } else {
            out.printf("NOT verified: the sides differ%s.%n", report.differingStreamCount() == 0 ? ""
                    : String.format("; %,d streams differ, e.g. %s", report.differingStreamCount(), String.join(", ", report.differingStreams())));
        }
    }

    private static void side(PrintWriter out, String name, CopyReport.Side side) {
        out.printf("  %-9s %,12d %,12d %,12d  %s%n", name, side.streams(), side.events(), side.snapshots(), side.eventDigest());
    }
}
