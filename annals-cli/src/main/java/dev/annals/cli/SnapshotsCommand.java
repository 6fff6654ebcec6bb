package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import dev.annals.StoreInspector;
import dev.annals.StoreInspector.SnapshotRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "Shows the snapshots of one stream, newest first, with their check (as 'annals verify' does it).")
final class SnapshotsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Mixin
    CatalogOption catalogs;

    @Parameters(paramLabel = "STREAM", description = "The stream, e.g. ticket-<uuid>.")
    String stream;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            StoreInspector inspector = annals.inspect();
            List<SnapshotRecord> snapshots = inspector.snapshots(stream);
            if (inspector.version(stream).isEmpty() && snapshots.isEmpty()) {
                throw new UserError("no stream named '" + stream + "' in " + inspector.describe());
            }
            Map<Long, SnapshotVerification.Result> results = new HashMap<>();
            catalogs.verification(annals).verify(stream).forEach(result -> results.put(result.version(), result));
            if (json) {
                List<SnapshotRow> rows = new ArrayList<>();
                for (int i = 0; i < snapshots.size(); i++) {
                    SnapshotRecord s = snapshots.get(i);
                    rows.add(new SnapshotRow(s.version(), s.createdAt().toString(), s.fingerprint(), s.intact(), s.sizeBytes(),
                            check(results.get(s.version())), checked(results.get(s.version()))));
                }
                Json.print(spec.commandLine().getOut(), rows);
            } else {
                Table table = new Table("VERSION", "CREATED", "FINGERPRINT", "BYTES", "CHECK");
                for (int i = 0; i < snapshots.size(); i++) {
                    SnapshotRecord s = snapshots.get(i);
                    table.row(s.version(), s.createdAt(), s.fingerprint(), s.sizeBytes(), check(results.get(s.version())));
                }
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private static String check(SnapshotVerification.@Nullable Result result) {
        return result == null ? "not checked (replaced while it was read)" : result.detail();
    }

    private static String checked(SnapshotVerification.@Nullable Result result) {
        return result == null ? "nothing" : VerifyReport.describe(result.checks());
    }

    record SnapshotRow(long version, String createdAt, String fingerprint, boolean intact, int bytes, String check, String checked) {
    }
}
