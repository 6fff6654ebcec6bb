package dev.annals.console;

import com.sun.net.httpserver.HttpServer;
import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.SnapshotVerification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A running web console of one store: an HTTP server on the JDK's {@code com.sun.net.httpserver} with
 * server-rendered pages, one script of its own and live feeds (server-sent events). The store stays the
 * caller's: closing the console does not close it. Thread-safe.
 *
 * <pre>{@code
 * try (Console console = Console.start(annals, ConsoleOptions.defaults().port(0))) {
 *     System.out.println(console.uri());
 * }
 * }</pre>
 */
public final class Console implements AutoCloseable {

    /** Request threads; each live feed holds one for at most {@link Feeds#MAX_FEED_DURATION}. */
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Sampler sampler;
    private final @Nullable String token;

    private Console(HttpServer server, ExecutorService executor, Sampler sampler, @Nullable String token) {
        this.server = server;
        this.executor = executor;
        this.sampler = sampler;
        this.token = token;
    }

    /**
     * Starts a console of {@code annals}.
     *
     * @throws InvalidArgumentException when the bind address is not loopback and no token is given
     * @throws UncheckedIOException when the address cannot be bound (a port in use)
     */
    public static Console start(Annals annals, ConsoleOptions options) {
        InvalidArgumentException.requireNonNull(annals, "annals");
        InvalidArgumentException.requireNonNull(options, "options");
        InvalidArgumentException.require(!options.needsToken() || options.token() != null,
                () -> "a console bound to " + options.bind().getHostAddress() + " (not loopback) needs a token");
        SnapshotVerification verification = options.verification() != null ? options.verification()
                : new SnapshotVerification(annals, List.of());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.bind().getHostAddress() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "annals-console-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Sampler sampler = Sampler.start(annals);
        Pages pages = new Pages(annals, verification, sampler, new CsrfToken());
        server.createContext("/", new Router(new AccessGuard(options.token()), new Headers(options.contentSecurityPolicy()), pages,
                new Feeds(annals, sampler)));
        server.setExecutor(executor);
        server.start();
        return new Console(server, executor, sampler, options.token());
    }

    /** The console's address, without the token, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address && !address.getAddress().isAnyLocalAddress()) {
            host = "[" + host.replaceAll("%.*", "") + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    /** The port the console listens on (the one chosen when the options said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The token requests must carry, when one was set. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Stops serving: open feeds end, the sampler stops; the store stays open. */
    @Override
    public void close() {
        sampler.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
