package dev.annals.sqlite;

import dev.annals.testkit.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.spi.StoredEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends from several threads and is killed with SIGKILL at a random moment, again
 * and again on the same file. After each kill the store must open and hold every acknowledged
 * append, every append entirely or not at all, and contiguous versions and positions.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashSafetyTest {

    private static final int KILLS = 20;
    private static final Pattern PAYLOAD = Pattern.compile("\\{\"append\":\"([0-9a-f-]+)\",\"i\":(\\d+),\"n\":(\\d+)}");

    @TempDir
    Path dir;

    @Test
    void every_acknowledged_append_survives_sigkill_and_no_append_is_torn() throws Exception {
        Path file = dir.resolve("annals.db");
        Random random = new Random();
        Map<String, Integer> acknowledged = new HashMap<>();
        for (int kill = 0; kill < KILLS; kill++) {
            try (ChildJvm child = ChildJvm.start(ChildAppender.class, dir.resolve("child-" + kill + ".err"), file.toString(), "crash", "3", "0")) {
                child.awaitAcks(1 + random.nextInt(150));
                Thread.sleep(random.nextInt(20)); // lands the kill anywhere in an append, a commit or a checkpoint
                child.kill();
                assertThat(child.acks()).as("the child appended before it was killed: %s", child.describe()).isNotEmpty();
                for (String[] ack : child.acks()) {
                    acknowledged.put(ack[2], Integer.parseInt(ack[3]));
                }
            }
            verify(file, acknowledged);
        }
        assertThat(acknowledged.size()).isGreaterThan(KILLS);
    }

    private static void verify(Path file, Map<String, Integer> acknowledged) throws Exception {
        Map<String, Integer> eventsPerAppend = new HashMap<>();
        Map<String, Integer> sizeOfAppend = new HashMap<>();
        try (SqliteBackend backend = new SqliteBackend(file)) {
            List<StoredEvent> log = backend.readAll(0, Integer.MAX_VALUE);
            for (int i = 0; i < log.size(); i++) {
                StoredEvent event = log.get(i);
                assertThat(event.position()).as("positions have no gap").isEqualTo(i + 1L);
                Matcher payload = PAYLOAD.matcher(Events.text(event.payload()));
                assertThat(payload.matches()).isTrue();
                eventsPerAppend.merge(payload.group(1), 1, Integer::sum);
                sizeOfAppend.put(payload.group(1), Integer.parseInt(payload.group(3)));
            }
            for (var stream : backend.listStreams(null, 100)) {
                List<StoredEvent> events = backend.readStream(stream.stream(), -1, Integer.MAX_VALUE);
                assertThat(events).extracting(StoredEvent::version).containsExactly(GroupCommitTest.longs(0, stream.version()));
            }
        }
        eventsPerAppend.forEach((append, count) ->
                assertThat(count).as("events of append %s", append).isEqualTo(sizeOfAppend.get(append)));
        acknowledged.forEach((append, count) ->
                assertThat(eventsPerAppend.get(append)).as("acknowledged append %s", append).isEqualTo(count));
        try (Connection jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = jdbc.createStatement();
             ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
            assertThat(check.getString(1)).isEqualTo("ok");
        }
    }
}
