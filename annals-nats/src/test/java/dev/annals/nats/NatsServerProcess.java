package dev.annals.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One nats-server process of the tests, on a free loopback port, with JetStream storing under
 * {@code target/}. A missing binary fails the test (these tests run only with {@code -Pservers}, where the
 * server is a requirement). Stopped by {@link #stop()}, and at JVM exit at the latest. Never touches
 * the machine's own server on 4222.
 */
final class NatsServerProcess {

    private static final Path TARGET = Path.of("target");

    private final String name;
    private final int port;
    private final int clusterPort;
    private final Path storeDir;
    private final Path config;
    private Process process;

    /**
     * @param routes cluster ports of the other nodes (empty: a single server)
     * @param maxPayload the server's max_payload in bytes
     */
    NatsServerProcess(String name, int port, int clusterPort, List<Integer> routes, long maxPayload) {
        this.name = name;
        this.port = port;
        this.clusterPort = clusterPort;
        try {
            Files.createDirectories(TARGET);
            this.storeDir = Files.createTempDirectory(TARGET.toAbsolutePath(), "nats-" + name + "-");
            this.config = storeDir.resolve("server.conf");
            StringBuilder conf = new StringBuilder();
            conf.append("server_name: ").append(name).append('\n');
            conf.append("listen: 127.0.0.1:").append(port).append('\n');
            conf.append("max_payload: ").append(maxPayload).append('\n');
            conf.append("jetstream { store_dir: \"").append(storeDir.resolve("js")).append("\" }\n");
            if (!routes.isEmpty()) {
                conf.append("cluster { name: annals-test, listen: 127.0.0.1:").append(clusterPort).append(", routes: [");
                for (int i = 0; i < routes.size(); i++) {
                    conf.append(i == 0 ? "" : ", ").append("nats-route://127.0.0.1:").append(routes.get(i));
                }
                conf.append("] }\n");
            }
            Files.writeString(config, conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    static NatsServerProcess single(String name, long maxPayload) {
        return new NatsServerProcess(name, freePort(), 0, List.of(), maxPayload);
    }

    static String binary() {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator, -1)) {
                if (Files.isExecutable(Path.of(dir, "nats-server"))) {
                    return Path.of(dir, "nats-server").toString();
                }
            }
        }
        throw new IllegalStateException("nats-server is not installed (looked in /usr/sbin, /usr/bin, /usr/local/bin and PATH); "
                + "the tests of annals-nats need it: apt-get install nats-server");
    }

    synchronized NatsServerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            process = new ProcessBuilder(binary(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(storeDir.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server " + name, e);
        }
        awaitPort(Duration.ofSeconds(10));
        return this;
    }

    private void awaitPort(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server " + name + " exited with " + process.exitValue() + "; see "
                        + storeDir.resolve("server.log"));
            }
            try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException("nats-server " + name + " did not listen on " + port + " within " + deadline);
    }

    /** Sends a signal to the process ({@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}). */
    synchronized void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process at once (SIGKILL) and waits for it to be gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        kill();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    int clusterPort() {
        return clusterPort;
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    Path storeDir() {
        return storeDir;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = freePort();
            if (port != 4222 && !ports.contains(port)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
