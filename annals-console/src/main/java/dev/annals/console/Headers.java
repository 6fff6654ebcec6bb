package dev.annals.console;

import com.sun.net.httpserver.HttpExchange;

/**
 * The headers of every response: the strict Content-Security-Policy (scripts, styles and connections of the
 * console's own origin only, no inline script, no frames, forms posting to the console only) unless switched off,
 * and the headers that stop content sniffing, framing and referrers.
 */
final class Headers {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final boolean contentSecurityPolicy;

    Headers(boolean contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    void apply(HttpExchange exchange) {
        com.sun.net.httpserver.Headers headers = exchange.getResponseHeaders();
        if (contentSecurityPolicy) {
            headers.set("Content-Security-Policy", POLICY);
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }
}
