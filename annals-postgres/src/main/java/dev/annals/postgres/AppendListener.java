package dev.annals.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes subscriptions when the log grows: one thread per store holds a connection of its own that
 * {@code LISTEN}s on the store's channel ({@link PostgresSchema#channel}), on which every appending
 * transaction notifies once as it commits. A notification is a doorbell: its payload is not read (it
 * is empty since schema version 4), and whoever wakes reads the log.
 *
 * <p><b>While the log is busy, waiters also poll.</b> The driver returns the notifications it has received
 * only once none arrives for a millisecond: while appends commit more often than that, it keeps reading
 * and a doorbell can ring hundreds of milliseconds late, or not at all while the stream lasts. So for a
 * second after a waiter last saw the head move, it waits at most {@value #BUSY_POLL_MILLIS} ms before it
 * reads the log again; and a receive call that outlasts its own timeout ({@value #RECEIVE_MILLIS} ms) can
 * only be such a stream, so waiters then read the log as if rung. A quiet log is left to the doorbell
 * (and the caller's fallback poll).
 *
 * <p>The thread starts when a subscription first waits and runs until {@link #close}. When its
 * connection fails it reconnects with a growing pause (up to 2 s); each loss and each reconnect wakes
 * every waiter, since notifications may have been missed meanwhile, so that while the listener is down
 * subscriptions poll at that pace. Nothing blocks without bound: the notifications are awaited
 * 250 ms at a time, and every statement on the connection (its {@code LISTEN} and a heartbeat every 10 s,
 * which finds a connection that died silently) has a 10 s network timeout.
 *
 * <p>Thread-safe.
 */
final class AppendListener implements AutoCloseable {

    /** Opens the listener's connection, which it owns and closes. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(AppendListener.class);
    private static final int RECEIVE_MILLIS = 250;
    private static final long RECEIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(RECEIVE_MILLIS);
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MAX_PAUSE_MILLIS = 2_000;
    private static final long BUSY_POLL_MILLIS = 5;
    private static final long BUSY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long past its timeout a receive call must run before waiters take it for a stream of notifications. */
    private static final long DRAIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Connector connector;
    private final String channel;
    private final LongSupplier head;
    private final Object monitor = new Object();
    /** How many times notifications arrived. Guarded by {@link #monitor}. */
    private long rings;
    /** Grows when the listener connects or loses its connection. Guarded by {@link #monitor}. */
    private long epoch;
    private @Nullable Thread thread;
    private boolean closed;
    private volatile int backendPid;
    /** The head last read by a waiter, and when it was seen to move. Guarded by {@link #monitor}. */
    private long lastHead = -1;
    private long headMovedAt;
    /** Whether the listener is in a receive call, and since when. */
    private volatile boolean receiving;
    private volatile long receiveStartedAt;

    /**
     * @param channel the channel to listen on
     * @param head reads the log's head position from the store
     */
    AppendListener(Connector connector, String channel, LongSupplier head) {
        this.connector = connector;
        this.channel = channel;
        this.head = head;
    }

    /**
     * Returns when the head may be beyond {@code afterPosition} (the head read once on entry, then a
     * notification, or a reconnect of the listener), or after {@code maxWait}, or, while the log is busy,
     * after {@value #BUSY_POLL_MILLIS} ms.
     */
    void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        long entered = System.nanoTime();
        long wait = Math.min(maxWait.toNanos(), TimeUnit.DAYS.toNanos(1));
        long seenEpoch;
        long seenRings;
        synchronized (monitor) {
            if (closed) {
                return;
            }
            start();
            seenEpoch = epoch;
            seenRings = rings;
        }
        // An append that committed before this call, heard of or not, is seen here; a later one rings.
        long headNow = head.getAsLong();
        synchronized (monitor) {
            long now = System.nanoTime();
            if (headNow != lastHead) {
                lastHead = headNow;
                headMovedAt = now;
            }
            if (headNow > afterPosition) {
                return;
            }
            long deadline = entered + wait;
            long busyDeadline = entered + TimeUnit.MILLISECONDS.toNanos(BUSY_POLL_MILLIS);
            while (rings == seenRings && epoch == seenEpoch && !closed) {
                now = System.nanoTime();
                boolean busy = now - headMovedAt < BUSY_WINDOW_NANOS || draining(now);
                long until = busy ? Math.min(deadline, busyDeadline) : deadline;
                if (until - now <= 0) {
                    return;
                }
                // A quiet wait looks again each receive period, to notice a receive call that became a stream.
                long slice = busy ? until - now : Math.min(until - now, RECEIVE_NANOS + DRAIN_GRACE_NANOS);
                TimeUnit.NANOSECONDS.timedWait(monitor, slice);
            }
        }
    }

    /** Whether the running receive call has outlasted its timeout: notifications are streaming in. */
    private boolean draining(long now) {
        return receiving && now - receiveStartedAt > RECEIVE_NANOS + DRAIN_GRACE_NANOS;
    }

    /** The server process id of the listening session, 0 while not connected; for tests. */
    int backendPid() {
        return backendPid;
    }

    private void start() {
        if (thread == null) {
            Thread t = new Thread(this::run, "annals-listener-" + channel);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!isClosed()) {
            try (Connection c = connector.open()) {
                c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
                backendPid = pg.getBackendPID();
                wakeAll();
                pause = FIRST_PAUSE_MILLIS;
                listen(c, pg);
            } catch (SQLException | RuntimeException e) {
                if (!isClosed()) {
                    LOG.warn("The listener for new events on channel {} lost its connection ({}); subscriptions poll until it is back",
                            channel, e.toString());
                }
            } finally {
                backendPid = 0;
                wakeAll();
            }
            pauseBeforeReconnect(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    private void listen(Connection c, PGConnection pg) throws SQLException {
        long lastHeartbeat = System.nanoTime();
        while (!isClosed()) {
            receiveStartedAt = System.nanoTime();
            receiving = true;
            PGNotification[] notifications;
            try {
                notifications = pg.getNotifications(RECEIVE_MILLIS);
            } finally {
                receiving = false;
            }
            if (notifications != null && notifications.length > 0) {
                ring();
            }
            if (System.nanoTime() - lastHeartbeat > HEARTBEAT_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastHeartbeat = System.nanoTime();
            }
        }
    }

    private void ring() {
        synchronized (monitor) {
            rings++;
            monitor.notifyAll();
        }
    }

    private void wakeAll() {
        synchronized (monitor) {
            epoch++;
            monitor.notifyAll();
        }
    }

    private void pauseBeforeReconnect(long millis) {
        synchronized (monitor) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                while (!closed && deadline - System.nanoTime() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(monitor, deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                closed = true; // nothing here interrupts this thread: whoever did wants it to stop
            }
        }
    }

    private boolean isClosed() {
        synchronized (monitor) {
            return closed;
        }
    }

    /** Stops the thread and closes its connection, waiting for that up to about a second; wakes every waiter. */
    @Override
    public void close() {
        Thread t;
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
