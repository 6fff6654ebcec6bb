package dev.annals.nats;

import dev.annals.InvalidArgumentException;
import dev.annals.StoreOpenException;
import dev.annals.spi.support.UrlDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a NATS store lives and how it is kept, read from its URL
 * {@code nats://HOST:PORT[,HOST:PORT...][?store=NAME&replicas=N&timeout=DURATION&duplicateWindow=DURATION]}.
 *
 * @param servers the servers to connect to ({@code nats://host:port} each); the client fails over between them
 * @param store the store's name: it names the JetStream streams and KV buckets (letters, digits, {@code -_}, 1 to 32)
 * @param replicas copies of every stream and bucket the store creates (1 for a single server; 3 for a cluster)
 * @param timeout the deadline of every request to the servers
 * @param duplicateWindow how long JetStream remembers a commit's message id to answer a retry with the original ack
 */
public record NatsSettings(List<String> servers, String store, int replicas, Duration timeout, Duration duplicateWindow) {

    public static final String DEFAULT_STORE = "annals";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");

    public NatsSettings {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new StoreOpenException("A NATS store needs at least one server");
        }
        if (!STORE_NAME.matcher(store).matches()) {
            throw new StoreOpenException("The NATS store name '" + store + "' is not 1 to 32 letters, digits, '-' or '_'");
        }
        if (replicas < 1 || replicas > 5) {
            throw new StoreOpenException("replicas must be 1 to 5 (JetStream's limit), was " + replicas);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new StoreOpenException("timeout must be positive, was " + timeout);
        }
        if (duplicateWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new StoreOpenException("duplicateWindow must be at least 1s, was " + duplicateWindow);
        }
    }

    /** Settings with defaults for the given servers. */
    public static NatsSettings of(List<String> servers) {
        return new NatsSettings(servers, DEFAULT_STORE, 1, DEFAULT_TIMEOUT, DEFAULT_DUPLICATE_WINDOW);
    }

    public NatsSettings withStore(String name) {
        return new NatsSettings(servers, name, replicas, timeout, duplicateWindow);
    }

    /**
     * Whether the store keeps more than one copy of its streams. A replicated store takes the precautions that
     * JetStream's replication needs (publishes that expect the store's last sequence, compare-and-set that settles,
     * consumers that follow the leader) and deletes streams; one with a single copy does neither.
     */
    public boolean replicated() {
        return replicas > 1;
    }

    public NatsSettings withReplicas(int count) {
        return new NatsSettings(servers, store, count, timeout, duplicateWindow);
    }

    public NatsSettings withTimeout(Duration deadline) {
        return new NatsSettings(servers, store, replicas, deadline, duplicateWindow);
    }

    public NatsSettings withDuplicateWindow(Duration window) {
        return new NatsSettings(servers, store, replicas, timeout, window);
    }

    /** Reads a {@code nats://} URL; a malformed one is a {@link StoreOpenException} naming what is wrong. */
    public static NatsSettings parse(String url) {
        if (!url.startsWith("nats://")) {
            throw new StoreOpenException("The store URL '" + url + "' does not start with nats://");
        }
        String rest = url.substring("nats://".length());
        String query = "";
        int mark = rest.indexOf('?');
        if (mark >= 0) {
            query = rest.substring(mark + 1);
            rest = rest.substring(0, mark);
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> servers = new ArrayList<>();
        for (String hostPort : rest.split(",", -1)) {
            if (!HOST_PORT.matcher(hostPort).matches()) {
                throw new StoreOpenException("The store URL '" + url + "' has '" + hostPort + "' where HOST:PORT belongs; use "
                        + NatsBackendProvider.URL_FORM);
            }
            servers.add("nats://" + hostPort);
        }
        NatsSettings settings = of(servers);
        if (query.isEmpty()) {
            return settings;
        }
        for (String parameter : query.split("&", -1)) {
            String[] pair = parameter.split("=", 2);
            if (pair.length != 2) {
                throw new StoreOpenException("The store URL '" + url + "' has a parameter without a value: '" + parameter + "'");
            }
            String value = pair[1];
            settings = switch (pair[0]) {
                case "store" -> settings.withStore(value);
                case "replicas" -> settings.withReplicas(integer(url, pair[0], value));
                case "timeout" -> settings.withTimeout(duration(url, pair[0], value));
                case "duplicateWindow" -> settings.withDuplicateWindow(duration(url, pair[0], value));
                default -> throw new StoreOpenException("The store URL '" + url + "' has an unknown parameter '" + pair[0]
                        + "'; known: store, replicas, timeout, duplicateWindow");
            };
        }
        return settings;
    }

    private static int integer(String url, String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StoreOpenException("The store URL '" + url + "' has " + name + "=" + value + ", which is not a number", e);
        }
    }

    /** A duration as every store URL writes it ({@link UrlDurations}: {@code 500ms}, {@code 5s}, {@code 2m}, {@code PT5S}). */
    static Duration duration(String url, String name, String value) {
        try {
            return UrlDurations.parse(name, value);
        } catch (InvalidArgumentException e) {
            throw new StoreOpenException("The store URL '" + url + "' has " + name + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** The store's URL again, for reports. */
    public String url() {
        StringBuilder url = new StringBuilder("nats://");
        for (int i = 0; i < servers.size(); i++) {
            url.append(i == 0 ? "" : ",").append(servers.get(i).substring("nats://".length()));
        }
        return url.append("?store=").append(store).append("&replicas=").append(replicas).toString();
    }
}
