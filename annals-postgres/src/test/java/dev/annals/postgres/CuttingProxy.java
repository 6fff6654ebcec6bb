package dev.annals.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy in front of PostgreSQL that can cut a connection after the server has answered a
 * request but before the answer reaches the client: armed with a marker (e.g. a stream name, which
 * the driver sends as text), it forwards the request that contains it, then drops the server's reply
 * and closes both sides. For an auto-commit statement the reply comes after the commit, so the client
 * sees a failed connection for an append that was stored.
 *
 * <p>It can also swallow: armed with a marker, it forwards the request that contains it and from then
 * on drops every reply on that connection while keeping both sockets open, as when the server's host
 * vanished; when the client gives up and closes its side, the server's side still stays open, as when
 * the client's host vanished, until the server closes it.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile byte[] marker;
    private volatile int laterRequests;
    private volatile byte[] trickleMarker;
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile byte[] swallowMarker;
    private final AtomicInteger swallowed = new AtomicInteger();

    CuttingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Cuts the next connection whose request contains {@code text}, after the server's reply to it. */
    void cutAfterReplyTo(String text) {
        cutAfterReplyToRequestAfter(text, 0);
    }

    /**
     * Cuts the next connection whose request contains {@code text}, after the server's reply to the
     * request {@code later} requests after that one (e.g. 1: the {@code COMMIT} that follows a statement,
     * which the driver sends as a prepared statement without its text once a connection has used it).
     */
    void cutAfterReplyToRequestAfter(String text, int later) {
        laterRequests = later;
        marker = text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * From now on, passes the server's bytes to each connection whose requests contained {@code text}
     * (seen after this call) one byte every {@code nanosPerByte}: a reader that is never quite done reading.
     */
    void trickleToConnectionsThatSend(String text, long nanosPerByte) {
        trickleNanos = nanosPerByte;
        trickleMarker = text.getBytes(StandardCharsets.UTF_8);
    }

    private volatile long trickleNanos;

    /**
     * Swallows the next connection whose request contains {@code text}: the request reaches the server, no
     * reply reaches the client, and the server's side stays open after the client closes its own.
     */
    void swallowRepliesTo(String text) {
        swallowMarker = text.getBytes(StandardCharsets.UTF_8);
    }

    /** How many connections were swallowed so far (counted once the server replied into the void). */
    int swallowed() {
        return swallowed.get();
    }

    /** How many connections were cut so far. */
    int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection(client, server);
                start(() -> connection.clientToServer(), "proxy-up");
                start(() -> connection.serverToClient(), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean cutOnReply;
        private volatile boolean trickled;
        private volatile boolean swallowing;
        private boolean countedSwallow;
        private int requestsToGo = -1;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void clientToServer() {
            pump(client, server, true);
        }

        void serverToClient() {
            pump(server, client, false);
        }

        private void pump(Socket from, Socket to, boolean upstream) {
            byte[] buffer = new byte[65536];
            // The streams are not closed here, which would close their sockets: the finally block decides that.
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (upstream) {
                        byte[] w = swallowMarker;
                        if (w != null && contains(buffer, n, w)) {
                            swallowMarker = null;
                            swallowing = true;
                        }
                        byte[] t = trickleMarker;
                        if (t != null && contains(buffer, n, t)) {
                            trickled = true;
                        }
                        byte[] m = marker;
                        if (requestsToGo > 0) {
                            requestsToGo--;
                        } else if (m != null && contains(buffer, n, m)) {
                            marker = null;
                            requestsToGo = laterRequests;
                        }
                        if (requestsToGo == 0) {
                            requestsToGo = -1;
                            cutOnReply = true;
                        }
                    } else if (swallowing) {
                        if (!countedSwallow) {
                            countedSwallow = true;
                            swallowed.incrementAndGet();
                        }
                        continue;
                    } else if (cutOnReply) {
                        cuts.incrementAndGet();
                        client.close();
                        server.close();
                        return;
                    }
                    if (!upstream && trickled) {
                        for (int i = 0; i < n; i++) {
                            out.write(buffer[i]);
                            out.flush();
                            LockSupport.parkNanos(trickleNanos);
                        }
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away; the other follows below.
            } finally {
                closeQuietly(client);
                if (!swallowing || !upstream) {
                    // A swallowed connection's server side stays open when the client leaves: its host vanished.
                    closeQuietly(server);
                }
            }
        }
    }

    private static boolean contains(byte[] data, int length, byte[] m) {
        outer:
        for (int i = 0; i + m.length <= length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (data[i + j] != m[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
