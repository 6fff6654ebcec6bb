package dev.annals.console;

import dev.annals.InvalidArgumentException;
import dev.annals.SnapshotVerification;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;

/**
 * How a console is served: the address it binds, its port, its access token, whether pages carry the
 * Content-Security-Policy, and the snapshot checks its stream pages show. Immutable; each {@code with…}
 * returns a copy. Thread-safe.
 *
 * <p>A console bound to any address that is not loopback needs a token: {@link Console#start} refuses to
 * start without one, and the server refuses every request that does not carry it.
 */
public final class ConsoleOptions {

    /** The shortest token accepted, in characters. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final InetAddress bind;
    private final int port;
    private final @Nullable String token;
    private final boolean contentSecurityPolicy;
    private final @Nullable SnapshotVerification verification;

    private ConsoleOptions(InetAddress bind, int port, @Nullable String token, boolean contentSecurityPolicy,
            @Nullable SnapshotVerification verification) {
        this.bind = bind;
        this.port = port;
        this.token = token;
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.verification = verification;
    }

    /** A new random token: 32 bytes from a {@link java.security.SecureRandom}, URL-safe Base64 (43 characters). */
    public static String newToken() {
        return Secrets.random();
    }

    /** Loopback, port 8080, no token, the Content-Security-Policy on, hash checks only. */
    public static ConsoleOptions defaults() {
        return new ConsoleOptions(InetAddress.getLoopbackAddress(), 8080, null, true, null);
    }

    public ConsoleOptions bind(InetAddress address) {
        InvalidArgumentException.requireNonNull(address, "bind address");
        return new ConsoleOptions(address, port, token, contentSecurityPolicy, verification);
    }

    /** The port, 0 for any free one. */
    public ConsoleOptions port(int port) {
        InvalidArgumentException.require(port >= 0 && port <= 65535, "port must be 0-65535, was " + port);
        return new ConsoleOptions(bind, port, token, contentSecurityPolicy, verification);
    }

    /** The token every request must carry (at least {@value #MIN_TOKEN_LENGTH} characters). */
    public ConsoleOptions token(String token) {
        InvalidArgumentException.requireNonNull(token, "token");
        InvalidArgumentException.require(token.length() >= MIN_TOKEN_LENGTH && token.chars().allMatch(c -> c > 32 && c < 127),
                "the token must be at least " + MIN_TOKEN_LENGTH + " printable ASCII characters without spaces");
        return new ConsoleOptions(bind, port, token, contentSecurityPolicy, verification);
    }

    /**
     * Whether pages carry the strict Content-Security-Policy (default: true). <b>Warning:</b> switch it off only
     * to test that escaping alone keeps user data inert.
     */
    public ConsoleOptions contentSecurityPolicy(boolean on) {
        return new ConsoleOptions(bind, port, token, on, verification);
    }

    /** The snapshot checks of the stream pages; its aggregate types are folded as {@code annals verify} does. */
    public ConsoleOptions verification(SnapshotVerification verification) {
        InvalidArgumentException.requireNonNull(verification, "verification");
        return new ConsoleOptions(bind, port, token, contentSecurityPolicy, verification);
    }

    public InetAddress bind() {
        return bind;
    }

    public int port() {
        return port;
    }

    public @Nullable String token() {
        return token;
    }

    public boolean contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    @Nullable SnapshotVerification verification() {
        return verification;
    }

    /** Whether the bind address needs a token: any address that is not loopback (the wildcard included). */
    public boolean needsToken() {
        return !bind.isLoopbackAddress();
    }
}
