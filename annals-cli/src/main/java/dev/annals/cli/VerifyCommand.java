package dev.annals.cli;

import dev.annals.Annals;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks every snapshot's hash and that its state equals a fold of its events; exits 1 if any fails.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Parameters(paramLabel = "STREAM", arity = "0..1", description = "Only this stream (default: every stream).")
    String stream;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long[] counts = new long[3];
        try (Annals annals = store.openExisting()) {
            SnapshotVerifier verifier = new SnapshotVerifier(annals);
            java.util.function.Consumer<SnapshotVerifier.Finding> report = finding -> {
                if (!finding.ok()) {
                    counts[1]++;
                    out.println("FAILED " + finding.stream() + " @" + finding.version() + ": " + finding.detail());
                } else {
                    counts[0]++;
                    counts[2] += finding.folded() ? 0 : 1;
                }
            };
            if (stream == null) {
                verifier.verifyAll(report);
            } else {
                if (annals.backend().currentVersion(stream).isEmpty()) {
                    throw new UserError("no stream named '" + stream + "' in " + annals.backend().describe());
                }
                verifier.verify(stream).forEach(report);
            }
        }
        out.printf("%,d snapshots verified, %,d failed%s.%n", counts[0] + counts[1], counts[1],
                counts[2] > 0 ? String.format(" (%,d checked by hash only: no fold known for their category)", counts[2]) : "");
        return counts[1] == 0 ? 0 : 1;
    }
}
