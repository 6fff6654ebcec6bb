package dev.annals.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import dev.annals.SnapshotVerification;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The live feeds, as server-sent events: the appends chart, the subscriptions' lag chart, and the global log.
 * A feed holds a request thread, so at most {@link #MAX_FEEDS} run at once and each ends after
 * {@link #MAX_FEED_DURATION} (the browser's EventSource reconnects, the log feed from the last event it got).
 */
final class Feeds {

    static final int MAX_FEEDS = 8;
    static final Duration MAX_FEED_DURATION = Duration.ofMinutes(5);
    /** Events read per poll of the log feed, and polls that may be read back to back before it waits. */
    static final int LOG_PAGE = 200;
    static final int LOG_PAGES_PER_POLL = 5;
    static final int LOG_PAYLOAD_CHARS = 300;

    private static final long TICK_MILLIS = 1000;
    private static final long LOG_TICK_MILLIS = 250;

    private final EventLog log;
    private final Sampler sampler;
    private final Semaphore open = new Semaphore(MAX_FEEDS);

    Feeds(Annals annals, Sampler sampler) {
        this.log = annals.eventLog();
        this.sampler = sampler;
    }

    void appends(Request request) throws IOException {
        stream(request, TICK_MILLIS, out -> {
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("series", Map.of("events appended per second", sampler.appendedPerSecond()));
            send(out, null, JsonText.compact(chart));
            return true;
        });
    }

    void subscriptions(Request request) throws IOException {
        stream(request, TICK_MILLIS, out -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("series", sampler.lagHistory());
            Map<String, Object> rows = new LinkedHashMap<>();
            for (Sampler.SubscriptionSample sample : sampler.latest()) {
                rows.put(sample.key(), Map.of("state", sample.state(), "checkpoint", sample.record().checkpoint(),
                        "lagEvents", sample.lagEvents(), "lagSeconds", sample.lagSeconds(),
                        "eventsPerSecond", Math.round(sample.eventsPerSecond()), "parked", sample.record().parked()));
            }
            data.put("rows", rows);
            send(out, null, JsonText.compact(data));
            return true;
        });
    }

    /** The log after {@code after} (or the Last-Event-ID of a reconnect), filtered by category and type. */
    void log(Request request) throws IOException {
        LogFilter filter = LogFilter.of(request);
        String lastId = request.header("Last-Event-ID");
        long[] after = {lastId != null ? parse(lastId) : request.longParam("after", log.headPosition())};
        stream(request, LOG_TICK_MILLIS, out -> {
            for (int page = 0; page < LOG_PAGES_PER_POLL; page++) {
                List<RecordedEvent<Object>> events = log.readAll(after[0], LOG_PAGE);
                for (RecordedEvent<Object> event : events) {
                    if (filter.matches(event)) {
                        send(out, Long.toString(event.position()), JsonText.compact(row(event)));
                    }
                    after[0] = event.position();
                }
                if (events.size() < LOG_PAGE) {
                    break;
                }
            }
            out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        });
    }

    /** One event of the log feed; the page's script writes each field as text. */
    static Map<String, Object> row(RecordedEvent<Object> event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("position", event.position());
        row.put("stream", event.stream());
        row.put("version", event.version());
        row.put("type", event.type());
        row.put("recordedAt", event.recordedAt().toString());
        row.put("payload", payloadPreview(event));
        return row;
    }

    /** The start of an event's payload, as one line of JSON ({@link Annals#eventLog()} without categories gives JSON). */
    static String payloadPreview(RecordedEvent<Object> event) {
        return JsonText.compact((JsonNode) event.event(), LOG_PAYLOAD_CHARS).text();
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new Request.BadRequest("Last-Event-ID must be a log position, was '" + id + "'");
        }
    }

    private interface Tick {
        /** Writes what is new; false to end the feed. */
        boolean run(OutputStream out) throws IOException;
    }

    private void stream(Request request, long tickMillis, Tick tick) throws IOException {
        if (!open.tryAcquire()) {
            request.exchange().getResponseHeaders().set("Retry-After", "10");
            request.sendText(503, "annals console: " + MAX_FEEDS + " live feeds are open already\n");
            return;
        }
        try {
            request.exchange().getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            request.exchange().sendResponseHeaders(200, 0);
            long end = System.nanoTime() + MAX_FEED_DURATION.toNanos();
            try (OutputStream out = request.exchange().getResponseBody()) {
                out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
                while (System.nanoTime() < end && tick.run(out)) {
                    out.flush();
                    Thread.sleep(tickMillis);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.release();
        }
    }

    private static void send(OutputStream out, @Nullable String id, String json) throws IOException {
        StringBuilder message = new StringBuilder();
        if (id != null) {
            message.append("id: ").append(id).append('\n');
        }
        // Compact JSON holds no raw line break, so one data line carries it whole.
        message.append("data: ").append(json).append("\n\n");
        out.write(message.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The log page's filter: a category (the stream name up to its first '-') and an event type, each optional. */
    record LogFilter(@Nullable String category, @Nullable String type) {

        static LogFilter of(Request request) {
            return new LogFilter(request.param("category"), request.param("type"));
        }

        boolean matches(RecordedEvent<?> event) {
            return (category == null || SnapshotVerification.categoryOf(event.stream()).equals(category))
                    && (type == null || event.type().equals(type));
        }
    }
}
