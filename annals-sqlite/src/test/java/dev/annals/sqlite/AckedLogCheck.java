package dev.annals.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a store file written by {@link ChildAppender}-style children against the appends they
 * acknowledged ({@code ACK stream appendId eventCount version} lines). Fails at once on what must never
 * happen after any crash: a damaged file, positions out of order or with a gap, an append partly
 * stored or stored twice, versions of a stream not contiguous, an acknowledged append elsewhere than
 * acknowledged. Returns the acknowledged appends that are missing, which only a store that is not
 * durable may lose, so that the caller decides what to expect.
 */
final class AckedLogCheck {

    private static final Pattern PAYLOAD = Pattern.compile("\\{\"append\":\"([0-9a-f-]+)\",\"i\":(\\d+),\"n\":(\\d+)}");

    /** What one child acknowledged for one append: its stream, its size and the stream's version after it. */
    record Ack(String stream, String appendId, int count, long version) {

        static Ack of(String[] ackLine) {
            return new Ack(ackLine[1], ackLine[2], Integer.parseInt(ackLine[3]), Long.parseLong(ackLine[4]));
        }
    }

    /**
     * @param events events in the log
     * @param appends appends in the log
     * @param lost acknowledged appends missing from the log
     * @param unacknowledged appends in the log that no child acknowledged (they committed as their process was killed)
     */
    record Result(int events, int appends, List<Ack> lost, int unacknowledged) {
    }

    private AckedLogCheck() {
    }

    /** Opens {@code file} (running SQLite's recovery when the last writer crashed) and checks it. */
    static Result check(Path file, Map<String, Ack> acknowledged) throws Exception {
        Map<String, Integer> eventsOfAppend = new HashMap<>();
        Map<String, Integer> sizeOfAppend = new HashMap<>();
        Map<String, StoredEvent> lastOfAppend = new HashMap<>();
        int events = 0;
        try (SqliteBackend backend = new SqliteBackend(file)) {
            long previous = 0;
            for (List<StoredEvent> page = backend.readAll(0, 5000); !page.isEmpty(); page = backend.readAll(previous, 5000)) {
                for (StoredEvent event : page) {
                    assertThat(event.position()).as("positions follow each other with no gap").isEqualTo(previous + 1);
                    previous = event.position();
                    events++;
                    Matcher payload = PAYLOAD.matcher(Events.text(event.payload()));
                    assertThat(payload.matches()).as("payload at %d", event.position()).isTrue();
                    eventsOfAppend.merge(payload.group(1), 1, Integer::sum);
                    sizeOfAppend.put(payload.group(1), Integer.parseInt(payload.group(3)));
                    lastOfAppend.put(payload.group(1), event);
                }
            }
            for (StreamInfo stream : backend.listStreams(null, 10_000)) {
                List<StoredEvent> ofStream = backend.readStream(stream.stream(), -1, Integer.MAX_VALUE);
                for (int v = 0; v < ofStream.size(); v++) {
                    assertThat(ofStream.get(v).version()).as("versions of %s are contiguous", stream.stream()).isEqualTo(v);
                }
            }
        }
        eventsOfAppend.forEach((append, count) ->
                assertThat(count).as("events of append %s: all of it, once", append).isEqualTo(sizeOfAppend.get(append)));
        List<Ack> lost = new ArrayList<>();
        for (Ack ack : acknowledged.values()) {
            StoredEvent last = lastOfAppend.get(ack.appendId());
            if (last == null) {
                lost.add(ack);
                continue;
            }
            assertThat(eventsOfAppend.get(ack.appendId())).as("events of acknowledged append %s", ack).isEqualTo(ack.count());
            assertThat(last.stream()).as("stream of %s", ack).isEqualTo(ack.stream());
            assertThat(last.version()).as("version of %s", ack).isEqualTo(ack.version());
        }
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = jdbc.createStatement();
             ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
            assertThat(check.getString(1)).as("integrity of %s", file).isEqualTo("ok");
        }
        int unacknowledged = (int) eventsOfAppend.keySet().stream().filter(a -> !acknowledged.containsKey(a)).count();
        return new Result(events, eventsOfAppend.size(), lost, unacknowledged);
    }
}
