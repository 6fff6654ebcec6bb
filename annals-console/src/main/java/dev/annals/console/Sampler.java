package dev.annals.console;

import dev.annals.Annals;
import dev.annals.EventLog;
import dev.annals.RecordedEvent;
import dev.annals.spi.Capability;
import dev.annals.subscription.SubscriptionRecord;
import dev.annals.subscription.Subscriptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the store once a second (less often when a sample is slow) for the live charts: events appended in the last second, and each
 * subscription partition's state, checkpoint, lag (events and seconds) and events handled per second. Keeps
 * the last {@link #HISTORY} samples. Thread-safe.
 */
final class Sampler implements AutoCloseable {

    /** Samples kept: ten minutes at one a second. */
    static final int HISTORY = 600;

    static final long INTERVAL_MILLIS = 1000;
    static final long BUSY_FACTOR = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    /** One subscription partition as last sampled. */
    record SubscriptionSample(SubscriptionRecord record, String state, long lagEvents, long lagSeconds, double eventsPerSecond) {

        String key() {
            return record.subscription() + "#" + record.partition();
        }
    }

    private final Annals annals;
    private final EventLog log;
    private final @Nullable Subscriptions subscriptions;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Long> appended = new ArrayDeque<>();
    private final Map<String, ArrayDeque<Long>> lags = new LinkedHashMap<>();
    private final Map<String, Long> checkpoints = new HashMap<>();
    private List<SubscriptionSample> latest = List.of();
    private long head = -1;
    private long sampledAt;
    private @Nullable String problem;

    private Sampler(Annals annals) {
        this.annals = annals;
        this.log = annals.eventLog();
        this.subscriptions = annals.capabilities().contains(Capability.SUBSCRIPTIONS) ? annals.subscriptions() : null;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "annals-console-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Sampler start(Annals annals) {
        Sampler sampler = new Sampler(annals);
        sampler.schedule(0);
        return sampler;
    }

    boolean keepsSubscriptions() {
        return subscriptions != null;
    }

    synchronized List<Long> appendedPerSecond() {
        return List.copyOf(appended);
    }

    synchronized Map<String, List<Long>> lagHistory() {
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        lags.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        return copy;
    }

    synchronized List<SubscriptionSample> latest() {
        return latest;
    }

    /** What the last sample could not read, null when it read everything. */
    synchronized @Nullable String problem() {
        return problem;
    }

    /**
     * The next sample after {@code delayMillis}. A slow store is sampled less often: the pause after a sample is at
     * least {@link #BUSY_FACTOR} times as long as the sample took (counting a lag reads the log on NATS), so the
     * console never keeps a store busy more than a sixth of the time.
     */
    private void schedule(long delayMillis) {
        try {
            // sampleSafely catches what a sample throws, so the future never holds a failure to look at.
            var unused = timer.schedule(this::sampleSafely, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: no more samples.
        }
    }

    private void sampleSafely() {
        long started = System.nanoTime();
        try {
            sample();
            synchronized (this) {
                problem = null;
            }
        } catch (RuntimeException e) {
            LOG.debug("console sample failed", e);
            synchronized (this) {
                problem = e.getMessage();
            }
        }
        schedule(Math.max(INTERVAL_MILLIS, BUSY_FACTOR * (System.nanoTime() - started) / 1_000_000));
    }

    private void sample() {
        long now = System.nanoTime();
        long newHead = log.headPosition();
        long count;
        double seconds;
        synchronized (this) {
            count = head < 0 ? 0 : subscriptions != null ? Math.max(0, subscriptions.lag(head) - subscriptions.lag(newHead))
                    : Math.max(0, newHead - head);
            seconds = head < 0 ? 1 : Math.max(0.001, (now - sampledAt) / 1e9);
            if (head >= 0) {
                add(appended, Math.round(count / seconds));
            }
            head = newHead;
            sampledAt = now;
        }
        if (subscriptions != null) {
            sampleSubscriptions(subscriptions, seconds);
        }
    }

    /** Each partition; {@code seconds} since the last sample, over which the events handled are counted. */
    private void sampleSubscriptions(Subscriptions subs, double seconds) {
        Instant now = Instant.now();
        List<SubscriptionSample> samples = new ArrayList<>();
        for (SubscriptionRecord record : subs.list()) {
            String key = record.subscription() + "#" + record.partition();
            long checkpoint = Math.max(record.checkpoint(), 0);
            long lag = subs.lag(checkpoint);
            Long previous;
            synchronized (this) {
                previous = checkpoints.put(key, checkpoint);
            }
            double perSecond = previous == null || previous >= checkpoint ? 0 : (subs.lag(previous) - lag) / seconds;
            long lagSeconds = 0;
            if (lag > 0) {
                List<RecordedEvent<Object>> next = log.readAll(checkpoint, 1);
                if (!next.isEmpty()) {
                    lagSeconds = Math.max(0, Duration.between(next.get(0).recordedAt(), now).toSeconds());
                }
            }
            samples.add(new SubscriptionSample(record, state(record, now), lag, lagSeconds, perSecond));
        }
        synchronized (this) {
            latest = List.copyOf(samples);
            for (SubscriptionSample sample : samples) {
                add(lags.computeIfAbsent(sample.key(), k -> new ArrayDeque<>()), sample.lagEvents());
            }
        }
    }

    /** A partition's state as the store tells it: stopped on a parked event, held by a running instance, or not running. */
    static String state(SubscriptionRecord record, Instant now) {
        boolean leased = record.owner() != null && record.leaseExpiresAt() != null && record.leaseExpiresAt().isAfter(now);
        if (record.parked() > 0) {
            return leased ? "running, with parked events" : "parked events, no instance";
        }
        return leased ? "running" : "no instance";
    }

    private static void add(ArrayDeque<Long> values, long value) {
        values.addLast(value);
        while (values.size() > HISTORY) {
            values.removeFirst();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "Sampler[" + annals + "]";
    }
}
