package dev.annals.cli;

import dev.annals.SnapshotVerification.Checks;
import dev.annals.SnapshotVerification.Result;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Collects the results of a verification: prints each failure as it comes, and at the end one line
 * per category saying how many snapshots were checked, how many failed, and what was checked. Not
 * thread-safe.
 */
final class VerifyReport implements Consumer<Result> {

    private final PrintWriter out;
    private final String failurePrefix;
    private final Map<String, Tally> byCategory = new TreeMap<>();

    VerifyReport(PrintWriter out, String failurePrefix) {
        this.out = out;
        this.failurePrefix = failurePrefix;
    }

    private static final class Tally {
        long checked;
        long failed;
        Checks checks = Checks.HASH;
    }

    @Override
    public void accept(Result result) {
        Tally tally = byCategory.computeIfAbsent(result.category(), c -> new Tally());
        tally.checked++;
        tally.checks = result.checks();
        if (!result.ok()) {
            tally.failed++;
            out.println(failurePrefix + "FAILED " + result.stream() + " @" + result.version() + ": " + result.detail());
        }
    }

    long checked() {
        return byCategory.values().stream().mapToLong(t -> t.checked).sum();
    }

    long failed() {
        return byCategory.values().stream().mapToLong(t -> t.failed).sum();
    }

    /** Whether every snapshot checked was also checked by fingerprint and fold. */
    boolean everyOneFolded() {
        return byCategory.values().stream().allMatch(t -> t.checks == Checks.HASH_FINGERPRINT_AND_FOLD);
    }

    /** One row per category: its snapshots, failures, and what was checked. */
    void printCategories(String indent) {
        if (byCategory.isEmpty()) {
            return;
        }
        Table table = new Table("CATEGORY", "SNAPSHOTS", "FAILED", "CHECKED");
        byCategory.forEach((category, tally) -> table.row(category, tally.checked, tally.failed, describe(tally.checks)));
        table.print(out, indent);
    }

    static String describe(Checks checks) {
        return switch (checks) {
            case HASH -> "hash only (no aggregate catalog names this category)";
            case HASH_FINGERPRINT_AND_FOLD -> "hash, fingerprint and fold of the events";
        };
    }
}
