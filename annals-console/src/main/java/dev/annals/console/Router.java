package dev.annals.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.annals.AnnalsException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request: the access guard first, then the page, feed or file of its path. Only {@code POST /action}
 * writes; every other path answers GET (and HEAD) only. Errors become a page with one line saying what was wrong.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Map<String, String> FILES = Map.of(
            "/static/console.js", "text/javascript; charset=utf-8",
            "/static/console.css", "text/css; charset=utf-8");
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final AccessGuard guard;
    private final Headers headers;
    private final Pages pages;
    private final Feeds feeds;

    Router(AccessGuard guard, Headers headers, Pages pages, Feeds feeds) {
        this.guard = guard;
        this.headers = headers;
        this.pages = pages;
        this.feeds = feeds;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            headers.apply(exchange);
            Request request = new Request(exchange);
            try {
                if (admitted(request)) {
                    route(request);
                }
            } catch (Request.BadRequest | AnnalsException e) {
                pages.error(request, 400, e.getMessage());
            } catch (Request.NotFound e) {
                pages.error(request, 404, e.getMessage());
            } catch (CsrfToken.Forbidden e) {
                pages.error(request, 403, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("console request {} {} failed", request.method(), request.path(), e);
                pages.error(request, 500, e.toString());
            }
        } catch (IOException e) {
            // The client went away mid-response: nothing to answer.
        }
    }

    private boolean admitted(Request request) throws IOException {
        switch (guard.check(request)) {
            case ALLOW -> {
                return true;
            }
            case MOVE_TOKEN_TO_COOKIE -> {
                request.exchange().getResponseHeaders().add("Set-Cookie", guard.cookie());
                request.redirect(request.path());
                return false;
            }
            case REFUSE_HOST -> {
                request.sendText(403, "annals console: this console answers only requests addressed to the loopback "
                        + "(localhost, 127.0.0.1, [::1])\n");
                return false;
            }
            default -> {
                request.exchange().getResponseHeaders().set("WWW-Authenticate", "Bearer");
                request.sendText(401, "annals console: this console needs its token (open the address printed at start, "
                        + "with ?token=…)\n");
                return false;
            }
        }
    }

    private void route(Request request) throws IOException {
        String path = request.path();
        if (path.equals("/action")) {
            if (!request.method().equals("POST")) {
                methodNotAllowed(request, "POST");
                return;
            }
            pages.action(request);
            return;
        }
        if (!READS.contains(request.method())) {
            methodNotAllowed(request, "GET");
            return;
        }
        String file = FILES.get(path);
        if (file != null) {
            try (InputStream in = Router.class.getResourceAsStream(path.substring("/static/".length()))) {
                if (in == null) {
                    throw new IllegalStateException("the console's resource " + path + " is missing from its jar");
                }
                request.send(200, file, in.readAllBytes());
            }
            return;
        }
        switch (path) {
            case "/" -> pages.overview(request);
            case "/favicon.ico" -> request.send(204, "image/x-icon", new byte[0]);
            case "/streams" -> pages.streams(request);
            case "/stream" -> pages.stream(request);
            case "/raw/event" -> pages.rawEvent(request);
            case "/log" -> pages.log(request);
            case "/subscriptions" -> pages.subscriptions(request);
            case "/confirm" -> pages.confirm(request);
            case "/feed/appends" -> feeds.appends(request);
            case "/feed/subscriptions" -> feeds.subscriptions(request);
            case "/feed/log" -> feeds.log(request);
            default -> throw new Request.NotFound("no page at " + path);
        }
    }

    private static void methodNotAllowed(Request request, String allowed) throws IOException {
        request.exchange().getResponseHeaders().set("Allow", allowed.equals("GET") ? "GET, HEAD" : allowed);
        request.sendText(405, "annals console: " + request.path() + " answers " + allowed + " only\n");
    }
}
