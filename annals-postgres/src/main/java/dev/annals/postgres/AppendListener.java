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
 * {@code LISTEN}s on the store's channel ({@link PostgresSchema#channel}), to which every append
 * notifies its last position as it commits.
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
    private static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MAX_PAUSE_MILLIS = 2_000;

    private final Connector connector;
    private final String channel;
    private final LongSupplier head;
    private final Object monitor = new Object();
    /** The highest position notified. Guarded by {@link #monitor}. */
    private long highest;
    /** Grows when the listener connects or loses its connection. Guarded by {@link #monitor}. */
    private long epoch;
    private @Nullable Thread thread;
    private boolean closed;
    private volatile int backendPid;

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
     * notification of a later position, or a reconnect of the listener), or after {@code maxWait}.
     */
    void awaitAppend(long afterPosition, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(maxWait.toNanos(), TimeUnit.DAYS.toNanos(1));
        long seenEpoch;
        long seenHighest;
        synchronized (monitor) {
            if (closed) {
                return;
            }
            start();
            seenEpoch = epoch;
            seenHighest = highest;
        }
        // An append that committed before this call, heard of or not, is seen here; a later one is notified.
        // (The head read, not the highest position heard of, decides: that one may have been removed since.)
        if (head.getAsLong() > afterPosition) {
            return;
        }
        synchronized (monitor) {
            while ((highest == seenHighest || highest <= afterPosition) && epoch == seenEpoch && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
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
            PGNotification[] notifications = pg.getNotifications(RECEIVE_MILLIS);
            if (notifications != null && notifications.length > 0) {
                notified(notifications);
            }
            if (System.nanoTime() - lastHeartbeat > HEARTBEAT_NANOS) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastHeartbeat = System.nanoTime();
            }
        }
    }

    private void notified(PGNotification[] notifications) {
        long max = Long.MIN_VALUE;
        for (PGNotification n : notifications) {
            try {
                max = Math.max(max, Long.parseLong(n.getParameter()));
            } catch (NumberFormatException e) {
                max = Long.MAX_VALUE; // not ours to read: wake everyone, they read the log
            }
        }
        synchronized (monitor) {
            highest = Math.max(highest, max);
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
