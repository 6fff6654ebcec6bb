package dev.annals.console;

import dev.annals.Annals;
import dev.annals.subscription.ParkedEvent;
import dev.annals.subscription.SubscriptionRecord;
import dev.annals.subscription.Subscriptions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The subscriptions: each partition's state, checkpoint, lag in events and seconds, events handled per second
 * (updated live, the lag charted), and the parked events with their errors. Retry, drop and reset are links to a
 * confirmation page; only its form writes.
 */
final class SubscriptionsPage {

    /** The most parked events listed per subscription. */
    static final int PARKED_SHOWN = 50;

    private final Annals annals;
    private final Sampler sampler;

    SubscriptionsPage(Annals annals, Sampler sampler) {
        this.annals = annals;
        this.sampler = sampler;
    }

    Html render(Request request) {
        Html html = new Html();
        String done = request.param("done");
        if (done != null) {
            html.tag("<p class=\"done\" id=\"done\">").text(done).tag("</p>");
        }
        if (!sampler.keepsSubscriptions()) {
            html.tag("<p class=\"empty\">This store keeps no subscriptions (").text(annals.inspect().describe()).tag(").</p>");
            return html;
        }
        Subscriptions subscriptions = annals.subscriptions();
        List<SubscriptionRecord> records = subscriptions.list();
        if (records.isEmpty()) {
            html.tag("<p class=\"empty\">No subscriptions yet.</p>");
            return html;
        }
        html.tag("<canvas class=\"chart\" id=\"lag-chart\" width=\"900\" height=\"200\" data-feed=\"/feed/subscriptions\"></canvas>")
                .tag("<p class=\"note\">Lag in events of each partition over the last ten minutes, live.</p>");
        html.tag("<table class=\"subscriptions\"><thead><tr><th>Subscription</th><th>Partition</th><th>State</th><th>Checkpoint</th>"
                + "<th>Lag (events)</th><th>Lag (s)</th><th>Events/s</th><th>Parked</th><th>Reset to position</th></tr></thead><tbody>");
        Instant now = Instant.now();
        Set<String> names = new LinkedHashSet<>();
        for (SubscriptionRecord record : records) {
            names.add(record.subscription());
            Sampler.SubscriptionSample sample = sampler.latest().stream()
                    .filter(s -> s.record().subscription().equals(record.subscription()) && s.record().partition() == record.partition())
                    .findFirst().orElse(null);
            html.tag("<tr").attr("data-subscription", record.subscription() + "#" + record.partition()).tag("><td>")
                    .text(record.subscription()).tag("</td><td class=\"num\">").text(record.partition())
                    .tag("</td><td data-field=\"state\">").text(Sampler.state(record, now))
                    .tag("</td><td class=\"num\" data-field=\"checkpoint\">").text(record.checkpoint())
                    .tag("</td><td class=\"num\" data-field=\"lagEvents\">")
                    .text(sample == null ? subscriptions.lag(Math.max(record.checkpoint(), 0)) : sample.lagEvents())
                    .tag("</td><td class=\"num\" data-field=\"lagSeconds\">").text(sample == null ? "…" : sample.lagSeconds())
                    .tag("</td><td class=\"num\" data-field=\"eventsPerSecond\">")
                    .text(sample == null ? "…" : Math.round(sample.eventsPerSecond()))
                    .tag("</td><td class=\"num\" data-field=\"parked\">").text(record.parked()).tag("</td><td>");
            if (record.partition() == 0) {
                html.tag("<form class=\"reset\" method=\"get\" action=\"/confirm\">").hidden("action", "reset")
                        .hidden("name", record.subscription())
                        .tag("<input name=\"position\" type=\"number\" min=\"0\" value=\"0\"> <button type=\"submit\">Reset…</button></form>");
            }
            html.tag("</td></tr>");
        }
        html.tag("</tbody></table>");
        for (String name : names) {
            parked(html, name, subscriptions.parked(name));
        }
        return html;
    }

    private static void parked(Html html, String name, List<ParkedEvent> parked) {
        if (parked.isEmpty()) {
            return;
        }
        html.tag("<h2>").text("Parked events of " + name).tag("</h2><table class=\"parked\"><thead><tr><th>Position</th>"
                + "<th>Partition</th><th>Stream</th><th>Tries</th><th>Parked at</th><th>Retry</th><th>Error</th><th></th></tr></thead><tbody>");
        for (ParkedEvent event : parked.subList(0, Math.min(parked.size(), PARKED_SHOWN))) {
            String position = Long.toString(event.position());
            html.tag("<tr").attr("data-parked", name + "@" + position).tag("><td class=\"num\">").text(event.position())
                    .tag("</td><td class=\"num\">").text(event.partition()).tag("</td><td>")
                    .link(event.stream(), "/stream", "name", event.stream()).tag("</td><td class=\"num\">").text(event.attempts())
                    .tag("</td><td>").text(event.parkedAt()).tag("</td><td>").text(event.retryRequested() ? "asked" : "")
                    .tag("</td><td><pre class=\"error-text\">").text(event.error()).tag("</pre></td><td class=\"actions\">")
                    .tag("<a class=\"retry\"").attr("href", Html.url("/confirm", "action", "retry", "name", name, "position", position))
                    .tag(">Retry…</a> <a class=\"drop\"")
                    .attr("href", Html.url("/confirm", "action", "drop", "name", name, "position", position))
                    .tag(">Drop…</a></td></tr>");
        }
        html.tag("</tbody></table>");
        if (parked.size() > PARKED_SHOWN) {
            html.tag("<p class=\"note\">").text(String.format("The first %d of %,d parked events.", PARKED_SHOWN, parked.size()))
                    .tag("</p>");
        }
    }
}
