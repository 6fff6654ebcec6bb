package dev.annals.console;

import dev.annals.Annals;
import dev.annals.StoreInspector;
import java.util.Map;

/** Totals, the live chart of appends, the backend and the settings that decide its speed and durability. */
final class OverviewPage {

    private final Annals annals;
    private final Sampler sampler;

    OverviewPage(Annals annals, Sampler sampler) {
        this.annals = annals;
        this.sampler = sampler;
    }

    Html render() {
        StoreInspector inspector = annals.inspect();
        StoreInspector.Stats stats = inspector.stats();
        Html html = new Html();
        html.tag("<section class=\"totals\">");
        total(html, "streams", String.format("%,d", stats.streams()));
        total(html, "events", String.format("%,d", stats.events()));
        total(html, "snapshots", String.format("%,d", stats.snapshots()));
        total(html, "head position", String.format("%,d", stats.headPosition()));
        total(html, "bytes on disk", stats.sizeBytes() < 0 ? "n/a" : String.format("%,d", stats.sizeBytes()));
        html.tag("</section>");
        html.tag("<h2>Events appended per second</h2>")
                .tag("<canvas class=\"chart\" id=\"appends-chart\" width=\"900\" height=\"200\" data-feed=\"/feed/appends\"></canvas>")
                .tag("<p class=\"note\">The last ten minutes, one point a second, live.</p>");
        String problem = sampler.problem();
        if (problem != null) {
            html.tag("<p class=\"error\">The last sample failed: ").text(problem).tag("</p>");
        }
        html.tag("<h2>Backend</h2><table class=\"settings\"><tbody>");
        row(html, "store", inspector.describe());
        row(html, "capabilities", annals.capabilities().toString());
        for (Map.Entry<String, String> setting : inspector.settings().entrySet()) {
            row(html, setting.getKey(), setting.getValue());
        }
        html.tag("</tbody></table>");
        return html;
    }

    private static void total(Html html, String label, String value) {
        html.tag("<div class=\"total\"><span class=\"value\">").text(value).tag("</span><span class=\"label\">").text(label)
                .tag("</span></div>");
    }

    private static void row(Html html, String name, String value) {
        html.tag("<tr><th>").text(name).tag("</th><td>").text(value).tag("</td></tr>");
    }
}
