package dev.annals.postgres;

import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small builders of SPI values for the backend's own tests. */
final class Events {

    private Events() {
    }

    static NewEvent event(String text) {
        return new NewEvent(UUID.randomUUID(), "Noted", 1, new byte[0],
                ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static List<NewEvent> events(int n, String prefix) {
        List<NewEvent> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(event(prefix + i));
        }
        return list;
    }

    static AppendRequest append(String stream, long expected, List<NewEvent> events) {
        return new AppendRequest(stream, expected, events, Instant.now());
    }

    static String stream() {
        return "test-" + UUID.randomUUID();
    }
}
