package dev.annals.subscription;

import dev.annals.InvalidArgumentException;
import dev.annals.spi.SubscriptionStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running subscription of this process: one runner thread per partition, each active while it
 * holds its partition's lease (other instances of the same name stand by and take over when it
 * ends). Close it to stop its threads, store the last checkpoints and release the leases.
 *
 * <p>Thread-safe.
 */
public final class Subscription implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<SubscriptionRunner> runners;
    private final SubscriptionStorage storage;

    Subscription(String name, List<SubscriptionRunner> runners, SubscriptionStorage storage) {
        this.name = name;
        this.runners = List.copyOf(runners);
        this.storage = storage;
    }

    public String name() {
        return name;
    }

    /**
     * Waits until every partition this instance runs has read up to the head of the log once (it is
     * live), at most {@code timeout}.
     *
     * @return true when caught up; false when the time passed first, or a partition stands by or failed
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        InvalidArgumentException.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (SubscriptionRunner runner : runners) {
                if (!runner.caughtUp() || runner.state() == SubscriptionState.FAILED) {
                    all = false;
                }
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** The status of each partition as this instance sees it. */
    public List<SubscriptionStatus> status() {
        int parked = storage.parkedEvents(name).size();
        List<SubscriptionStatus> result = new ArrayList<>(runners.size());
        for (SubscriptionRunner runner : runners) {
            result.add(runner.status(parked));
        }
        return result;
    }

    /** The events this subscription parked, in position order. */
    public List<ParkedEvent> parked() {
        return storage.parkedEvents(name);
    }

    /**
     * Stops every partition, storing its last checkpoint and releasing its lease; waits at most 30 s. A stop
     * is graceful: a batch the handler is working on is not interrupted, it finishes and its checkpoint is
     * stored; a handler still busy after 30 s is interrupted and a {@link SubscriptionException} thrown.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        for (SubscriptionRunner runner : runners) {
            try {
                if (!runner.stop(STOP_TIMEOUT)) {
                    throw new SubscriptionException("Subscription " + name + " did not stop within " + STOP_TIMEOUT
                            + " (its handler is still running)", null);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + name + ", " + runners.size() + " partitions]";
    }
}
