package dev.annals.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.SnapshotVerification;
import dev.annals.SnapshotVerification.Checks;
import dev.annals.StoreInspector.SnapshotRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The snapshots of a stream, newest first, each with its three checks as {@code annals verify} makes them: the
 * hash holds; the schema fingerprint is that of the state class; the state equals a fold of the events (the last
 * two only for categories whose aggregate type is known). A state that differs from the fold is shown beside it,
 * difference by difference.
 */
final class SnapshotsSection {

    private final SnapshotVerification verification;

    SnapshotsSection(SnapshotVerification verification) {
        this.verification = verification;
    }

    void render(Html html, String stream, List<SnapshotRecord> snapshots) {
        html.tag("<h2>Snapshots</h2>");
        if (snapshots.isEmpty()) {
            html.tag("<p class=\"empty\">No snapshots.</p>");
            return;
        }
        Map<Long, SnapshotVerification.Result> results = new HashMap<>();
        verification.verify(stream).forEach(result -> results.put(result.version(), result));
        for (SnapshotRecord snapshot : snapshots) {
            SnapshotVerification.Result result = results.get(snapshot.version());
            html.tag("<article class=\"snapshot\"").attr("id", "snapshot-" + snapshot.version()).tag("><header>")
                    .text(String.format("Snapshot at version %,d", snapshot.version())).tag(" <time>").text(snapshot.createdAt())
                    .tag("</time> <span class=\"bytes\">").text(String.format("%,d bytes", snapshot.sizeBytes())).tag("</span></header>");
            html.tag("<ul class=\"checks\">");
            check(html, "hash holds", snapshot.intact() ? Verdict.PASS : Verdict.FAIL, snapshot.intact() ? "" : "the SHA-256 over "
                    + "(stream, version, state) does not hold");
            Verdict fingerprint = fingerprint(result);
            check(html, "fingerprint matches", fingerprint, result == null || fingerprint == Verdict.NOT_CHECKED ? reason(result)
                    : fingerprint == Verdict.FAIL ? result.detail() : "schema fingerprint " + snapshot.fingerprint());
            Verdict fold = fold(result, fingerprint);
            check(html, "state equals a fold of the events", fold, fold == Verdict.PASS ? "" : result == null ? reason(null)
                    : fold == Verdict.NOT_CHECKED ? reason(result) : result.detail());
            html.tag("</ul>");
            if (fold == Verdict.FAIL && snapshot.intact()) {
                diff(html, stream, snapshot);
            }
            html.tag("<h3>State</h3><pre class=\"json\">").text(JsonText.pretty(snapshot.state()).text()).tag("</pre></article>");
        }
    }

    private enum Verdict { PASS, FAIL, NOT_CHECKED }

    private static Verdict fingerprint(SnapshotVerification.@Nullable Result result) {
        if (result == null || result.checks() != Checks.HASH_FINGERPRINT_AND_FOLD || result.detail().startsWith("hash mismatch")) {
            return Verdict.NOT_CHECKED;
        }
        return result.detail().startsWith("schema fingerprint") ? Verdict.FAIL : Verdict.PASS;
    }

    private static Verdict fold(SnapshotVerification.@Nullable Result result, Verdict fingerprint) {
        if (fingerprint != Verdict.PASS || result == null) {
            return Verdict.NOT_CHECKED;
        }
        return result.ok() ? Verdict.PASS : Verdict.FAIL;
    }

    private static String reason(SnapshotVerification.@Nullable Result result) {
        if (result == null) {
            return "not checked: replaced while it was read";
        }
        if (result.checks() == Checks.HASH && !result.detail().equals("ok")) {
            return "not checked: " + result.detail();
        }
        if (result.checks() == Checks.HASH) {
            return "not checked: no aggregate type is known for category " + result.category()
                    + " (give its AggregateCatalog with --classpath)";
        }
        return "not checked: " + result.detail();
    }

    private static void check(Html html, String what, Verdict verdict, String detail) {
        String mark = switch (verdict) {
            case PASS -> "✓";
            case FAIL -> "✗";
            case NOT_CHECKED -> "–";
        };
        html.tag("<li").attr("class", "check " + verdict.name().toLowerCase(java.util.Locale.ROOT)).tag("><span class=\"mark\">")
                .text(mark).tag("</span> ").text(what);
        if (!detail.isEmpty()) {
            html.tag(" <span class=\"detail\">").text(detail).tag("</span>");
        }
        html.tag("</li>");
    }

    private void diff(Html html, String stream, SnapshotRecord snapshot) {
        Optional<JsonNode> folded;
        try {
            folded = verification.foldedState(stream, snapshot.version());
        } catch (RuntimeException e) {
            html.tag("<p class=\"error\">The fold cannot be shown: ").text(String.valueOf(e)).tag("</p>");
            return;
        }
        if (folded.isEmpty()) {
            return;
        }
        html.tag("<h3>Snapshot against the fold</h3><table class=\"diff\"><thead><tr><th>Where</th><th>Snapshot</th>"
                + "<th>Fold of the events</th></tr></thead><tbody>");
        for (JsonDiff.Difference difference : JsonDiff.of(snapshot.state(), folded.get())) {
            html.tag("<tr><td><code>").text(difference.pointer()).tag("</code></td><td><pre>").text(shown(difference.left()))
                    .tag("</pre></td><td><pre>").text(shown(difference.right())).tag("</pre></td></tr>");
        }
        html.tag("</tbody></table>");
    }

    private static String shown(@Nullable JsonNode node) {
        return node == null ? "(absent)" : JsonText.compact(node, 2000).text();
    }
}
