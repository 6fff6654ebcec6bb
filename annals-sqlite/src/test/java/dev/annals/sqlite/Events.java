package dev.annals.sqlite;

import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds byte-level events and appends for the tests. */
final class Events {

    static final Instant NOW = Instant.parse("2025-01-02T03:04:05.123456789Z");

    private Events() {
    }

    static NewEvent event(String json) {
        return new NewEvent(UUID.randomUUID(), "Test", 1, new byte[0], json.getBytes(StandardCharsets.UTF_8));
    }

    static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event("{\"i\":" + i + "}"));
        }
        return events;
    }

    static AppendRequest append(String stream, long expectedVersion, List<NewEvent> events) {
        return new AppendRequest(stream, expectedVersion, events, NOW);
    }

    static AppendRequest append(String stream, long expectedVersion, int count) {
        return append(stream, expectedVersion, events(count));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
