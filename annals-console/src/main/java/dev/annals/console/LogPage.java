package dev.annals.console;

import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The global log, newest first: the last {@link #ROWS} events that match the filter, then every new one as it is
 * appended (the feed), unless paused. Reads at most {@link #SCAN_PAGES} pages back to fill the first screen.
 */
final class LogPage {

    static final int ROWS = 50;
    static final int SCAN_PAGES = 10;

    private final EventLog log;

    LogPage(EventLog log) {
        this.log = log;
    }

    Html render(Request request) {
        Feeds.LogFilter filter = Feeds.LogFilter.of(request);
        long head = log.headPosition();
        List<RecordedEvent<Object>> recent = recent(filter, head);
        Html html = new Html();
        html.tag("<form class=\"search\" method=\"get\" action=\"/log\">")
                .tag("<label>Category <input name=\"category\" id=\"category\" placeholder=\"ticket\"").attr("value", nz(filter.category()))
                .tag("></label> <label>Type <input name=\"type\" id=\"type\" placeholder=\"ticket-opened\"").attr("value", nz(filter.type()))
                .tag("></label> <button type=\"submit\">Filter</button> ")
                .tag("<button type=\"button\" id=\"pause\" class=\"pause\" disabled>Pause</button> ")
                .tag("<span id=\"live-state\" class=\"note\">live updates need the console's script</span></form>");
        html.tag("<table class=\"log\"><thead><tr><th>Position</th><th>Stream</th><th>Version</th><th>Type</th><th>Recorded</th>"
                + "<th>Payload</th></tr></thead><tbody id=\"log-rows\"")
                .attr("data-feed", Html.url("/feed/log", "category", nz(filter.category()), "type", nz(filter.type()), "after",
                        Long.toString(head)))
                .tag(">");
        for (RecordedEvent<Object> event : recent) {
            html.tag("<tr><td class=\"num\">").text(event.position()).tag("</td><td>")
                    .link(event.stream(), "/stream", "name", event.stream(), "version", Long.toString(event.version()))
                    .tag("</td><td class=\"num\">").text(event.version()).tag("</td><td>").text(event.type())
                    .tag("</td><td>").text(event.recordedAt()).tag("</td><td><code>").text(Feeds.payloadPreview(event))
                    .tag("</code></td></tr>");
        }
        html.tag("</tbody></table>");
        if (recent.isEmpty()) {
            html.tag("<p class=\"empty\" id=\"log-empty\">No matching events yet.</p>");
        }
        return html;
    }

    private List<RecordedEvent<Object>> recent(Feeds.LogFilter filter, long head) {
        List<RecordedEvent<Object>> found = new ArrayList<>();
        long before = head + 1;
        for (int page = 0; page < SCAN_PAGES && found.size() < ROWS && before > 1; page++) {
            List<RecordedEvent<Object>> events = log.readAllBackward(before, Feeds.LOG_PAGE);
            for (RecordedEvent<Object> event : events) {
                if (found.size() < ROWS && filter.matches(event)) {
                    found.add(event);
                }
                before = event.position();
            }
            if (events.size() < Feeds.LOG_PAGE) {
                break;
            }
        }
        return found;
    }

    private static String nz(@Nullable String value) {
        return value == null ? "" : value;
    }
}
