package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import dev.annals.keys.FileKeyProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks every snapshot's hash; for the categories named by an AggregateCatalog on the class path "
                + "(see --classpath), also its schema fingerprint and that its state equals a fold of its events. "
                + "Says per category what was checked; exits 1 if any check fails."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Mixin
    CatalogOption catalogs;

    @Parameters(paramLabel = "STREAM", arity = "0..1", description = "Only this stream (default: every stream).")
    String stream;

    @Option(names = "--key-file", paramLabel = "F", description = "The store's master key file: snapshot states with "
            + "encrypted personal data are then opened and checked as the repository reads them (without it they are "
            + "reported as sealed, not checked).")
    Path keyFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VerifyReport report = new VerifyReport(out, "");
        try (Annals annals = keyFile == null ? store.openExisting() : Annals.openExisting(store.url, FileKeyProvider.open(keyFile))) {
            SnapshotVerification verification = catalogs.verification(annals);
            if (stream == null) {
                verification.verifyAll(report);
            } else {
                if (annals.inspect().version(stream).isEmpty()) {
                    throw new UserError("no stream named '" + stream + "' in " + annals.inspect().describe());
                }
                verification.verify(stream).forEach(report);
            }
        }
        report.printCategories("");
        out.printf("%,d snapshots verified, %,d failed.%n", report.checked(), report.failed());
        return report.failed() == 0 ? 0 : 1;
    }
}
