package dev.annals.subscription;

import dev.annals.AnnalsException;
import dev.annals.RecordedEvent;
import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.instrumentation.StoreInfo;
import dev.annals.internal.TypedEventLog;
import dev.annals.spi.Checkpoint;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.support.SystemMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one partition of a subscription on its own thread: takes the lease, resumes after the
 * stored checkpoint, then reads the log page by page and hands the matching events to the
 * {@link Delivery} — catch-up and live are one loop, so the switch can neither skip nor repeat:
 * when a page comes back empty the runner waits for the store's append notification (or the
 * fallback poll) and reads on from the same position. Positions are commit-ordered and a page
 * never holds an event while a lower position may still commit, so no late commit is skipped.
 *
 * <p>Memory is one page, whatever the lag: the next page is read only when the handler is done.
 * Thread-safe: the public methods may be called from any thread.
 */
final class SubscriptionRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRunner.class);
    private static final Duration PARKED_CHECK = Duration.ofSeconds(1);

    private final String name;
    private final int partition;
    private final SubscriptionOptions options;
    private final StorageBackend backend;
    private final SubscriptionStorage storage;
    private final TypedEventLog decoder;
    private final Delivery delivery;
    private final LogFilter filter;
    private final String owner = UUID.randomUUID().toString();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Rate rate = new Rate();
    private final Instrumentation instrumentation;
    private final StoreInfo store;

    private volatile boolean running = true;
    /** True while the delivery has a batch; set and read under {@link #stopLock} so that a stop either waits for it or prevents it. */
    private volatile boolean delivering;
    private final Object stopLock = new Object();
    private volatile SubscriptionState state = SubscriptionState.STANDBY;
    private volatile long checkpoint;
    private final AtomicLong eventsHandled = new AtomicLong();
    private volatile @Nullable String lastError;
    private volatile @Nullable Thread thread;
    /** The position whose catch-up is complete: the head seen when the runner first found the log empty after it. */
    private volatile boolean caughtUp;

    private long token = -1;
    private long leaseTakenAt;
    private long savedCheckpoint;
    private long unsavedEvents;
    private long lastSaveAt;
    private long parkedCheckAt;
    /** The position of the parked event the partition stopped on, -1 when it runs. */
    private long stoppedAt = -1;

    SubscriptionRunner(String name, int partition, SubscriptionOptions options, StorageBackend backend, SubscriptionStorage storage,
            TypedEventLog decoder, Delivery delivery, Instrumentation instrumentation, StoreInfo store) {
        this.instrumentation = instrumentation;
        this.store = store;
        this.name = name;
        this.partition = partition;
        this.options = options;
        this.backend = backend;
        this.storage = storage;
        this.decoder = decoder;
        this.delivery = delivery;
        this.filter = filterOf(options);
    }

    void start(String threadName) {
        Thread t = new Thread(this, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        try {
            while (running) {
                if (!holdLease()) {
                    state = SubscriptionState.STANDBY;
                    sleep(Duration.ofMillis(Math.max(50, options.lease().toMillis() / 4)));
                    continue;
                }
                try {
                    step();
                } catch (LeaseLostException e) {
                    LOG.info("Subscription {} partition {}: lease lost; standing by", name, partition);
                    token = -1;
                } catch (StopRequested e) {
                    break;
                } catch (InterruptedException e) {
                    break;
                } catch (Exception e) {
                    lastError = String.valueOf(e);
                    LOG.warn("Subscription {} partition {}: {}; retrying", name, partition, e.toString());
                    sleep(options.retry().initialBackoff().plusMillis(100));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    /** Takes or renews the lease when due; on taking it, loads the checkpoint. */
    private boolean holdLease() throws InterruptedException {
        long now = System.nanoTime();
        if (token >= 0 && now - leaseTakenAt < options.lease().toNanos() / 3) {
            return true;
        }
        OptionalLong granted;
        try {
            granted = storage.acquireLease(name, partition, owner, options.lease());
        } catch (AnnalsException e) {
            lastError = String.valueOf(e);
            return false;
        }
        if (granted.isEmpty()) {
            token = -1;
            return false;
        }
        boolean taken = granted.getAsLong() != token;
        token = granted.getAsLong();
        leaseTakenAt = now;
        if (taken) {
            resume();
        }
        return true;
    }

    /** Starts from the stored checkpoint, or where the options say; runs the reset hook when a reset is pending. */
    private void resume() {
        Optional<Checkpoint> stored = storage.checkpoint(name, partition);
        long position;
        if (stored.isPresent()) {
            position = stored.get().position();
            if (stored.get().resetPending()) {
                LOG.info("Subscription {} partition {} was reset to {}; running its reset hook", name, partition, position);
                resetTo(position);
            }
        } else {
            position = options.start() instanceof Start.After after ? after.position() : backend.headPosition();
            storage.saveCheckpoint(name, partition, token, position);
        }
        stoppedAt = -1;
        checkpoint = position;
        savedCheckpoint = position;
        lastSaveAt = System.nanoTime();
        caughtUp = false;
        state = SubscriptionState.CATCHING_UP;
    }

    private void resetTo(long position) {
        try {
            delivery.reset(position, token);
        } catch (LeaseLostException e) {
            throw e;
        } catch (Exception e) {
            throw new SubscriptionException("Subscription " + name + ": the reset hook failed: " + e, e);
        }
    }

    /** One page: read, filter, deliver, checkpoint; or wait for the next append. */
    private void step() throws Exception {
        if (state == SubscriptionState.FAILED) {
            awaitOperator();
            return;
        }
        checkParkedRetries(false);
        LogPage page = readPage();
        if (page.scannedTo() <= checkpoint) {
            flushCheckpoint(true);
            caughtUp = true;
            state = SubscriptionState.LIVE;
            storage.awaitAppend(checkpoint, options.fallbackPoll());
            return;
        }
        List<StoredEvent> matching = new ArrayList<>(page.events().size());
        for (StoredEvent event : page.events()) {
            if (inPartition(event)) {
                matching.add(event);
            }
        }
        long last = page.scannedTo();
        if (!matching.isEmpty() && !deliver(matching, last)) {
            return; // parked and stopped
        }
        checkpoint = last;
        unsavedEvents += Math.max(1, page.events().size());
        flushCheckpoint(false);
        if (!caughtUp) {
            state = SubscriptionState.CATCHING_UP;
        }
    }

    /** The next page of the log after the checkpoint, reported as {@link Operation.ReadLog}. */
    private LogPage readPage() {
        Observation observation = instrumentation.start(new Operation.ReadLog(store));
        try {
            LogPage page = backend.readAll(checkpoint, options.batchSize(), filter);
            observation.end(Outcome.OK, page.events().size(), null);
            return page;
        } catch (RuntimeException e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        }
    }

    /** Delivers a batch; on failure, event by event with retries, parking what fails its last try. False when stopped by a poison event. */
    private boolean deliver(List<StoredEvent> events, long last) throws Exception {
        try {
            List<RecordedEvent<Object>> decoded = decoder.decode(events);
            handOver(events, decoded, new SubscriptionContext(name, partition, options.partitions(), 1), last);
            handled(events.size(), last);
            return true;
        } catch (LeaseLostException e) {
            throw e;
        } catch (Exception first) {
            if (!running) {
                throw new StopRequested(); // interrupted by close(): not a failure of the events
            }
            lastError = String.valueOf(first);
            LOG.warn("Subscription {} partition {}: a batch of {} events failed ({}); retrying event by event", name, partition,
                    events.size(), first.toString());
        }
        for (StoredEvent event : events) {
            if (!deliverOne(event)) {
                return false;
            }
        }
        return true;
    }

    /** Tries one event by the retry policy; parks it after the last try. False when that stops the subscription. */
    private boolean deliverOne(StoredEvent event) throws Exception {
        Exception failure = null;
        int tries = options.retry().tries();
        for (int attempt = 1; attempt <= tries && running; attempt++) {
            if (attempt > 1) {
                sleep(options.retry().backoffBefore(attempt));
            }
            try {
                RecordedEvent<Object> decoded = decoder.decode(List.of(event)).get(0);
                handOver(List.of(event), List.of(decoded), new SubscriptionContext(name, partition, options.partitions(), attempt),
                        event.position());
                handled(1, event.position());
                return true;
            } catch (LeaseLostException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
                lastError = String.valueOf(e);
            }
        }
        if (!running) {
            throw new StopRequested();
        }
        storage.park(name, partition, token, new ParkedEvent(name, partition, event.position(), event.eventId(), event.stream(),
                String.valueOf(failure), tries, Instant.now(), false));
        instrumentation.parked(name, partition);
        LOG.error("Subscription {} partition {}: parked event {} at position {} after {} tries: {}", name, partition,
                event.eventId(), event.position(), tries, String.valueOf(failure));
        if (options.onPoison() == PoisonPolicy.STOP) {
            flushCheckpoint(true);
            stoppedAt = event.position();
            state = SubscriptionState.FAILED;
            return false;
        }
        checkpoint = event.position();
        storage.saveCheckpoint(name, partition, token, checkpoint);
        savedCheckpoint = checkpoint;
        return true;
    }

    /**
     * Hands a batch to the delivery, unless the subscription is stopping. A batch handed over is never
     * interrupted by {@link #stop}: it finishes and its checkpoint is stored (a graceful stop).
     */
    private void handOver(List<StoredEvent> stored, List<RecordedEvent<Object>> batch, SubscriptionContext context, long position)
            throws Exception {
        synchronized (stopLock) {
            if (!running) {
                throw new StopRequested();
            }
            delivering = true;
        }
        Observation observation = instrumentation.start(new Operation.Handle(store, name, partition, context.attempt(), batch.size(),
                instrumentation.linksEvents() ? traceparents(stored) : List.of()));
        try {
            delivery.deliver(batch, context, token, position);
            observation.end(Outcome.OK, batch.size(), null);
        } catch (Exception | Error e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        } finally {
            delivering = false;
        }
    }

    /** The trace contexts stored with the events, in order and without repeats (one append's events share one). */
    private static List<String> traceparents(List<StoredEvent> events) {
        Set<String> found = new LinkedHashSet<>();
        for (StoredEvent event : events) {
            SystemMetadata.get(event.metadata(), SystemMetadata.TRACEPARENT).ifPresent(found::add);
        }
        return List.copyOf(found);
    }

    private void handled(int events, long position) {
        eventsHandled.addAndGet(events);
        rate.add(events);
        checkpoint = position;
        if (delivery.savesCheckpoint()) {
            savedCheckpoint = position;
            unsavedEvents = 0;
            lastSaveAt = System.nanoTime();
        }
    }

    /** Stores the checkpoint when the policy says so (always when idle or stopping). */
    private void flushCheckpoint(boolean force) {
        if (checkpoint == savedCheckpoint) {
            return;
        }
        boolean due = force || unsavedEvents >= options.checkpointEveryEvents()
                || System.nanoTime() - lastSaveAt >= options.checkpointEvery().toNanos();
        if (due) {
            storage.saveCheckpoint(name, partition, token, checkpoint);
            savedCheckpoint = checkpoint;
            unsavedEvents = 0;
            lastSaveAt = System.nanoTime();
        }
    }

    /**
     * Stopped on a parked event: waits for an operator. A retry request handles the event again (and
     * resumes when it succeeds); dropping it resumes after it; a reset resumes from the reset point.
     */
    private void awaitOperator() throws Exception {
        sleep(PARKED_CHECK);
        Optional<Checkpoint> stored = storage.checkpoint(name, partition);
        if (stored.isPresent() && stored.get().resetPending()) {
            token = -1; // reset from outside: take the lease again and resume from the new checkpoint
            return;
        }
        checkParkedRetries(true);
        if (checkpoint >= stoppedAt) {
            resumeAfterStop(); // handled on retry
            return;
        }
        boolean stillParked = storage.parkedEvents(name).stream().anyMatch(p -> p.position() == stoppedAt);
        if (!stillParked) {
            checkpoint = stoppedAt; // dropped by an operator: go on after it
            storage.saveCheckpoint(name, partition, token, checkpoint);
            savedCheckpoint = checkpoint;
            resumeAfterStop();
        }
    }

    private void resumeAfterStop() {
        LOG.info("Subscription {} partition {}: parked event at {} retried or dropped; going on", name, partition, stoppedAt);
        stoppedAt = -1;
        state = SubscriptionState.CATCHING_UP;
    }

    /** Tries again the parked events an operator asked to retry (at most once a second unless forced). */
    private void checkParkedRetries(boolean force) throws Exception {
        long now = System.nanoTime();
        if (!force && now - parkedCheckAt < PARKED_CHECK.toNanos()) {
            return;
        }
        parkedCheckAt = now;
        for (ParkedEvent parked : storage.parkedEvents(name)) {
            if (parked.partition() != partition || !parked.retryRequested()) {
                continue;
            }
            List<StoredEvent> found = backend.readAll(parked.position() - 1, 1);
            if (found.isEmpty() || found.get(0).position() != parked.position()) {
                storage.removeParked(name, parked.position()); // the event is gone
                continue;
            }
            boolean blocking = parked.position() > checkpoint;
            try {
                RecordedEvent<Object> decoded = decoder.decode(found).get(0);
                if (blocking) {
                    handOver(found, List.of(decoded), new SubscriptionContext(name, partition, options.partitions(), 1),
                            parked.position());
                    handled(1, parked.position());
                } else {
                    delivery.deliverAside(List.of(decoded), new SubscriptionContext(name, partition, options.partitions(), 1), token,
                            checkpoint);
                }
                storage.removeParked(name, parked.position());
                LOG.info("Subscription {}: parked event at {} handled on retry", name, parked.position());
            } catch (LeaseLostException e) {
                throw e;
            } catch (Exception e) {
                lastError = String.valueOf(e);
                storage.park(name, partition, token, new ParkedEvent(name, partition, parked.position(), parked.eventId(),
                        parked.stream(), String.valueOf(e), parked.attempts() + 1, Instant.now(), false));
            }
        }
    }

    private boolean inPartition(StoredEvent event) {
        return options.partitions() == 1 || Math.floorMod(event.stream().hashCode(), options.partitions()) == partition;
    }

    /** The categories and types of the options, for the store to filter in its query where it can. */
    private static LogFilter filterOf(SubscriptionOptions options) {
        List<String> prefixes = new ArrayList<>();
        options.categories().forEach(category -> prefixes.add(category.name() + "-"));
        return new LogFilter(prefixes, options.eventTypes());
    }

    private void sleep(Duration duration) throws InterruptedException {
        if (!running) {
            throw new StopRequested();
        }
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    private void finish() {
        try {
            if (token >= 0) {
                flushCheckpoint(true);
                storage.releaseLease(name, partition, owner, token);
            }
        } catch (RuntimeException e) {
            LOG.warn("Subscription {} partition {}: could not store its last checkpoint on stop: {}", name, partition, e.toString());
        } finally {
            if (state != SubscriptionState.FAILED) {
                state = SubscriptionState.STOPPED;
            }
            stopped.countDown();
        }
    }

    /**
     * Stops the loop and waits for it, at most {@code timeout}. A batch the handler has lets it finish and
     * its checkpoint is stored; a runner waiting (for appends, a backoff, its lease) is interrupted at once.
     * When the handler is still busy after {@code timeout}, it is interrupted and false returned.
     */
    boolean stop(Duration timeout) throws InterruptedException {
        Thread t = thread;
        Thread other = t == Thread.currentThread() ? null : t;
        synchronized (stopLock) {
            running = false;
            if (other != null && !delivering) {
                other.interrupt();
            }
        }
        if (stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        if (other != null) {
            other.interrupt();
        }
        return false;
    }

    boolean caughtUp() {
        return caughtUp;
    }

    SubscriptionState state() {
        return state;
    }

    SubscriptionStatus status(int parked) {
        long head = backend.headPosition();
        long lag = storage.countAfter(checkpoint);
        return new SubscriptionStatus(name, partition, state, checkpoint, head, lag, eventsHandled.get(), rate.perSecond(), parked, lastError);
    }

    /** Thrown inside the loop when the subscription is closing. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super(null, null, false, false);
        }
    }
}
