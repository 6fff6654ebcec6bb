package dev.annals.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates event ids as version 7 UUIDs: time-ordered, so that the indexes of durable backends
 * grow at their end, and drawn from a thread-local generator, so that appends do not contend on
 * {@code SecureRandom}. 74 random bits per millisecond make collisions negligible.
 */
public final class EventIds {

    private EventIds() {
    }

    public static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
