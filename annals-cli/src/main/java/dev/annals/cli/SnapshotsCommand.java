package dev.annals.cli;

import dev.annals.Annals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "snapshots", mixinStandardHelpOptions = true, description = "Shows the snapshots of one stream, newest first, with their check.")
final class SnapshotsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(paramLabel = "STREAM", description = "The stream, e.g. ticket-<uuid>.")
    String stream;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Annals annals = store.openExisting()) {
            if (annals.backend().currentVersion(stream).isEmpty() && annals.backend().snapshots(stream).isEmpty()) {
                throw new UserError("no stream named '" + stream + "' in " + annals.backend().describe());
            }
            var snapshots = annals.backend().snapshots(stream);
            List<SnapshotVerifier.Finding> findings = new SnapshotVerifier(annals).verify(snapshots);
            if (json) {
                List<SnapshotRow> rows = new ArrayList<>();
                for (int i = 0; i < snapshots.size(); i++) {
                    var s = snapshots.get(i);
                    rows.add(new SnapshotRow(s.version(), s.createdAt().toString(), s.fingerprint(), s.hash(), s.state().length,
                            findings.get(i).detail()));
                }
                Json.print(spec.commandLine().getOut(), rows);
            } else {
                Table table = new Table("VERSION", "CREATED", "FINGERPRINT", "BYTES", "CHECK");
                for (int i = 0; i < snapshots.size(); i++) {
                    var s = snapshots.get(i);
                    table.row(s.version(), s.createdAt(), s.fingerprint(), s.state().length, findings.get(i).detail());
                }
                table.print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    record SnapshotRow(long version, String createdAt, String fingerprint, String hash, int bytes, String check) {
    }
}
