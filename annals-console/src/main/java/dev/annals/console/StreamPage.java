package dev.annals.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Metadata;
import dev.annals.RecordedEvent;
import dev.annals.SnapshotVerification;
import dev.annals.StoreInspector;
import dev.annals.StoreInspector.SnapshotRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One stream: a page of its events (forward, backward, or from a version), each payload and metadata as indented
 * JSON cut at {@link JsonText#SHOWN_CHARS} with a download of the whole; then its snapshots with their checks.
 */
final class StreamPage {

    static final int PAGE = 20;

    private final StoreInspector inspector;
    private final SnapshotsSection snapshots;

    StreamPage(StoreInspector inspector, SnapshotVerification verification) {
        this.inspector = inspector;
        this.snapshots = new SnapshotsSection(verification);
    }

    static String name(Request request) {
        String name = request.param("name");
        if (name == null) {
            throw new Request.BadRequest("which stream? (the page needs ?name=STREAM)");
        }
        return name;
    }

    Html render(Request request, String name) {
        OptionalLong current = inspector.version(name);
        List<SnapshotRecord> kept = inspector.snapshots(name);
        if (current.isEmpty() && kept.isEmpty()) {
            throw new Request.NotFound("no stream named '" + name + "' in " + inspector.describe());
        }
        long last = current.orElse(-1);
        long afterVersion = window(request, last);
        List<RecordedEvent<JsonNode>> events = afterVersion >= last ? List.of() : inspector.events(name, afterVersion, PAGE);
        Html html = new Html();
        html.tag("<p class=\"summary\">").text(String.format("Version %,d", last)).tag(" · ")
                .link("in the log", "/log", "category", SnapshotVerification.categoryOf(name)).tag("</p>");
        paging(html, name, events, last);
        html.tag("<h2>Events</h2>");
        if (events.isEmpty()) {
            html.tag("<p class=\"empty\">No events in this range.</p>");
        }
        for (RecordedEvent<JsonNode> event : events) {
            event(html, name, event);
        }
        paging(html, name, events, last);
        snapshots.render(html, name, kept);
        return html;
    }

    /** The exclusive version the page starts after: from {@code version}, {@code after}, {@code before}, or the first page. */
    private static long window(Request request, long last) {
        if (request.param("version") != null) {
            long version = request.longParam("version", 0);
            if (version < 0 || version > last) {
                throw new Request.BadRequest("version " + version + " is not in the stream (versions 0 to " + last + ")");
            }
            return version - 1;
        }
        if (request.param("before") != null) {
            long before = Math.min(request.longParam("before", 0), last + 1);
            return Math.max(-1, before - PAGE - 1);
        }
        return Math.max(-1, request.longParam("after", -1));
    }

    private static void paging(Html html, String name, List<RecordedEvent<JsonNode>> events, long last) {
        html.tag("<nav class=\"paging\">");
        long first = events.isEmpty() ? last + 1 : events.get(0).version();
        long end = events.isEmpty() ? last : events.get(events.size() - 1).version();
        if (first > 0) {
            html.link("⇤ First", "/stream", "name", name).tag(" ");
            html.tag("<a class=\"older\"").attr("href", Html.url("/stream", "name", name, "before", Long.toString(first)))
                    .tag(">← Older</a> ");
        }
        if (end < last) {
            html.tag("<a class=\"newer\"").attr("href", Html.url("/stream", "name", name, "after", Long.toString(end)))
                    .tag(">Newer →</a> ");
            html.link("Last ⇥", "/stream", "name", name, "before", Long.toString(last + 1)).tag(" ");
        }
        html.tag("<form class=\"jump\" method=\"get\" action=\"/stream\">").hidden("name", name)
                .tag("<label>Version <input class=\"version\" name=\"version\" type=\"number\" min=\"0\"").attr("max", last)
                .tag("></label> <button type=\"submit\">Go</button></form></nav>");
    }

    private static void event(Html html, String stream, RecordedEvent<JsonNode> event) {
        html.tag("<article class=\"event\"").attr("id", "v" + event.version()).tag("><header><span class=\"version\">v")
                .text(event.version()).tag("</span> <span class=\"type\">").text(event.type()).tag("</span> <time>")
                .text(event.recordedAt()).tag("</time> <span class=\"position\">position ").text(event.position())
                .tag("</span> <span class=\"id\">").text(event.eventId()).tag("</span></header>");
        Metadata metadata = event.metadata();
        if (!metadata.isEmpty()) {
            html.tag("<h3>Metadata</h3>");
            json(html, JsonText.pretty(JsonText.MAPPER.valueToTree(metadata)), stream, event.version());
        }
        html.tag("<h3>Payload</h3>");
        json(html, JsonText.pretty(event.event()), stream, event.version());
        html.tag("</article>");
    }

    static void json(Html html, JsonText.Shown shown, String stream, long version) {
        html.tag("<pre class=\"json\">").text(shown.text()).tag("</pre>");
        if (shown.truncated()) {
            html.tag("<p class=\"truncated\">").text(String.format("Shown: the first %,d of %,d characters. ", JsonText.SHOWN_CHARS,
                    shown.fullChars())).tag("<a class=\"download\"").attr("href", Html.url("/raw/event", "stream", stream, "version",
                    Long.toString(version))).tag(">Download the whole event</a></p>");
        }
    }

    /** The whole event as a JSON download: id, type, version, metadata and payload. */
    void raw(Request request) throws IOException {
        String stream = request.param("stream");
        long version = request.longParam("version", -1);
        if (stream == null || version < 0) {
            throw new Request.BadRequest("the download needs ?stream=STREAM&version=V");
        }
        List<RecordedEvent<JsonNode>> found = inspector.events(stream, version - 1, 1);
        if (found.isEmpty() || found.get(0).version() != version) {
            throw new Request.NotFound("no event at version " + version + " of '" + stream + "'");
        }
        RecordedEvent<JsonNode> event = found.get(0);
        Map<String, Object> whole = new HashMap<>();
        whole.put("eventId", event.eventId().toString());
        whole.put("stream", event.stream());
        whole.put("version", event.version());
        whole.put("position", event.position());
        whole.put("type", event.type());
        whole.put("recordedAt", event.recordedAt().toString());
        whole.put("metadata", event.metadata());
        whole.put("payload", event.event());
        String file = (stream + "-" + version).replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
        request.exchange().getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + file + "\"");
        request.send(200, "application/json; charset=utf-8", JsonText.compact(whole).getBytes(StandardCharsets.UTF_8));
    }
}
