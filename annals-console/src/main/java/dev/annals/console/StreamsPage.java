package dev.annals.console;

import dev.annals.StoreInspector;
import dev.annals.StoreInspector.StreamSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The streams, in name order, a page at a time, found by category and name prefix. Each page is one keyset
 * read after the last name shown (no offsets), so a page costs the same at the millionth stream as at the first.
 */
final class StreamsPage {

    static final int PAGE = 50;

    private final StoreInspector inspector;

    StreamsPage(StoreInspector inspector) {
        this.inspector = inspector;
    }

    Html render(Request request) {
        String category = request.param("category");
        String prefix = request.param("prefix");
        String after = request.param("after");
        String searched = (category == null ? "" : category + "-") + (prefix == null ? "" : prefix);
        List<StreamSummary> streams = find(searched, after);
        Html html = new Html();
        html.tag("<form class=\"search\" method=\"get\" action=\"/streams\">")
                .tag("<label>Category <input name=\"category\" id=\"category\" placeholder=\"ticket\"").attr("value", nz(category))
                .tag("></label> <label>Name starts with <input name=\"prefix\" id=\"prefix\" placeholder=\"ticket-4f\"")
                .attr("value", nz(prefix)).tag("></label> <button type=\"submit\" id=\"search\">Search</button></form>");
        if (streams.isEmpty()) {
            html.tag("<p class=\"empty\">").text(searched.isEmpty() ? "No streams." : "No stream whose name starts with " + searched
                    + (after == null ? "" : " after " + after) + ".").tag("</p>");
        } else {
            html.tag("<table class=\"streams\"><thead><tr><th>Stream</th><th>Events</th><th>Version</th><th>Snapshots</th></tr>"
                    + "</thead><tbody>");
            for (StreamSummary stream : streams) {
                html.tag("<tr><td>").link(stream.stream(), "/stream", "name", stream.stream()).tag("</td><td class=\"num\">")
                        .text(String.format("%,d", stream.version() + 1)).tag("</td><td class=\"num\">").text(stream.version())
                        .tag("</td><td class=\"num\">").text(stream.snapshots()).tag("</td></tr>");
            }
            html.tag("</tbody></table>");
        }
        html.tag("<p class=\"paging\">");
        if (after != null) {
            html.link("First page", "/streams", "category", nz(category), "prefix", nz(prefix)).tag(" ");
        }
        if (streams.size() == PAGE) {
            html.tag("<a id=\"next-page\"").attr("href", Html.url("/streams", "category", nz(category), "prefix", nz(prefix),
                    "after", streams.get(streams.size() - 1).stream())).tag(">Next page →</a>");
        }
        html.tag("</p>");
        return html;
    }

    /**
     * Up to {@link #PAGE} streams whose names start with {@code prefix} (all when empty), after {@code after}.
     * The read starts at the prefix and stops at the first name without it: the names with a prefix are
     * consecutive in name order.
     */
    List<StreamSummary> find(String prefix, @Nullable String after) {
        if (prefix.isEmpty()) {
            return inspector.streams(after, PAGE);
        }
        List<StreamSummary> found = new ArrayList<>();
        String start = after;
        if (start == null || start.compareTo(prefix) < 0) {
            start = prefix;
            OptionalLong exact = inspector.version(prefix);
            if (exact.isPresent()) {
                found.add(new StreamSummary(prefix, exact.getAsLong(), inspector.snapshots(prefix).size()));
            }
        }
        for (StreamSummary stream : inspector.streams(start, PAGE - found.size())) {
            if (!stream.stream().startsWith(prefix)) {
                break;
            }
            found.add(stream);
        }
        return found;
    }

    private static String nz(@Nullable String value) {
        return value == null ? "" : value;
    }
}
