package dev.annals.console;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the console. With a token, every request must carry it (in the cookie the console sets, an
 * {@code Authorization: Bearer} header, or once in the {@code token} query parameter, which is then moved to
 * the cookie), whatever the client's address. Without one (a loopback console), the request's {@code Host} must
 * name the loopback, so a page of another site that rebinds its name to 127.0.0.1 cannot read the console.
 */
final class AccessGuard {

    static final String COOKIE = "annals_console_token";
    static final String QUERY = "token";

    enum Decision { ALLOW, MOVE_TOKEN_TO_COOKIE, REFUSE_WITHOUT_TOKEN, REFUSE_HOST }

    private final @Nullable String token;

    AccessGuard(@Nullable String token) {
        this.token = token;
    }

    Decision check(Request request) {
        if (token == null) {
            return loopbackHost(request.header("Host")) ? Decision.ALLOW : Decision.REFUSE_HOST;
        }
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ")
                && Secrets.matches(authorization.substring("Bearer ".length()).trim(), token)) {
            return Decision.ALLOW;
        }
        if (Secrets.matches(request.cookie(COOKIE), token)) {
            return Decision.ALLOW;
        }
        if (Secrets.matches(request.param(QUERY), token)) {
            return Decision.MOVE_TOKEN_TO_COOKIE;
        }
        return Decision.REFUSE_WITHOUT_TOKEN;
    }

    /** The cookie that carries the token from now on: not readable by scripts, never sent by other sites. */
    String cookie() {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    static boolean loopbackHost(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return name.startsWith("[::1]");
        }
        int colon = name.indexOf(':');
        name = colon < 0 ? name : name.substring(0, colon);
        return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
