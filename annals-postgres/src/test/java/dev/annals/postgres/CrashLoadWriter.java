package dev.annals.postgres;

import dev.annals.AppendOutcomeUnknownException;
import dev.annals.AppendResult;
import dev.annals.EventStoreConflictException;
import dev.annals.StorageException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.NewEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One writer of the server-kill test, W3-style: aggregates of its own, appends interleaved across them
 * (event v of every aggregate, then v+1), each with its expected version. An append carries 1 to 3
 * events, so that a torn append would show. Each event's payload names its append and the append's size.
 *
 * <p>An append is decided before the next one starts: an unknown outcome or a failure is retried with
 * the same request (the same event ids), as the contract tells callers to do, until the store answers;
 * the answer is recorded in {@link #acknowledged}. Each outcome is counted.
 */
final class CrashLoadWriter implements Runnable {

    /** What the store acknowledged for one event. */
    record Ack(String stream, long version, long position, UUID appendId, int appendSize) {
    }

    private final PostgresBackend backend;
    private final String prefix;
    private final int aggregates;
    private final Map<UUID, Ack> acknowledged;
    private volatile boolean stopping;

    /** Appends stored at the first attempt. */
    final AtomicInteger storedFirstTime = new AtomicInteger();
    /** Attempts that failed with nothing stored (no connection, server gone before the commit). */
    final AtomicInteger failedNothingStored = new AtomicInteger();
    /** Attempts whose outcome was unknown ({@link AppendOutcomeUnknownException}). */
    final AtomicInteger unknown = new AtomicInteger();
    /** Retries after an unknown outcome or a failure that found the append already stored. */
    final AtomicInteger retryFoundStored = new AtomicInteger();
    /** Retries after an unknown outcome or a failure that stored the append. */
    final AtomicInteger retryStored = new AtomicInteger();
    /**
     * Retries after failures that claimed nothing was stored (and no unknown outcome) that found the
     * append stored: never expected, such a failure must be an {@link AppendOutcomeUnknownException}.
     */
    final AtomicInteger falseNothingStored = new AtomicInteger();
    /** Conflicts: never expected, the aggregates are this writer's own. */
    final AtomicInteger conflicts = new AtomicInteger();
    /** Appends decided so far. */
    final AtomicInteger decided = new AtomicInteger();

    CrashLoadWriter(PostgresBackend backend, String prefix, int aggregates, Map<UUID, Ack> acknowledged) {
        this.backend = backend;
        this.prefix = prefix;
        this.aggregates = aggregates;
        this.acknowledged = acknowledged;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        long[] versions = new long[aggregates];
        Arrays.fill(versions, AppendRequest.NO_STREAM);
        while (!stopping) {
            for (int a = 0; a < aggregates && !stopping; a++) {
                versions[a] = appendDecided(prefix + "-" + a, versions[a]);
                decided.incrementAndGet();
            }
        }
    }

    /** Appends to {@code stream} at {@code expected} until the store has it; returns the new version. */
    private long appendDecided(String stream, long expected) {
        int size = 1 + ThreadLocalRandom.current().nextInt(3);
        UUID appendId = UUID.randomUUID();
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String payload = "{\"append\":\"" + appendId + "\",\"i\":" + i + ",\"n\":" + size + "}";
            events.add(new NewEvent(UUID.randomUUID(), "TicketCommented", 1, new byte[0], payload.getBytes(StandardCharsets.UTF_8)));
        }
        AppendRequest request = new AppendRequest(stream, expected, events, Instant.now());
        boolean retry = false;
        boolean sawUnknown = false;
        while (true) {
            try {
                AppendResult result = backend.append(request);
                if (!retry) {
                    storedFirstTime.incrementAndGet();
                } else if (result.duplicate()) {
                    retryFoundStored.incrementAndGet();
                    if (!sawUnknown) {
                        falseNothingStored.incrementAndGet();
                    }
                } else {
                    retryStored.incrementAndGet();
                }
                for (int i = 0; i < size; i++) {
                    acknowledged.put(events.get(i).eventId(),
                            new Ack(stream, result.version() - size + 1 + i, result.positions().get(i), appendId, size));
                }
                return result.version();
            } catch (AppendOutcomeUnknownException e) {
                unknown.incrementAndGet();
                sawUnknown = true;
            } catch (EventStoreConflictException e) {
                // Only a bug can cause it (a retry not recognized as one): counted, and the test fails on it.
                conflicts.incrementAndGet();
                return backend.currentVersion(stream).orElse(AppendRequest.NO_STREAM);
            } catch (StorageException e) {
                failedNothingStored.incrementAndGet();
            }
            retry = true;
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while an append was undecided", e);
        }
    }
}
