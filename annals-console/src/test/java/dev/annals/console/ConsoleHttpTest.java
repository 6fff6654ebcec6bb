package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.InvalidArgumentException;
import dev.annals.SnapshotVerification;
import dev.annals.examples.ticketing.TicketingCatalog;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTP, without a browser, on a real SQLite store filled by the demo: every page, the escaping of
 * user data, the Content-Security-Policy, bounded pages and truncated payloads, the snapshot checks, the token, the
 * Host check and the CSRF token of the write actions.
 */
class ConsoleHttpTest {

    @TempDir
    static Path dir;

    static Annals annals;
    static Console console;
    static long wrongSnapshotVersion;

    @BeforeAll
    static void startOnADemoStore() {
        annals = Annals.open("sqlite:" + dir.resolve("console.db"));
        Stores.demo(annals, 60, 1200);
        wrongSnapshotVersion = Stores.wrongSnapshot(annals);
        Stores.malicious(annals);
        Stores.large(annals, "blob-1", 900_000);
        console = Console.start(annals, ConsoleOptions.defaults().port(0)
                .verification(new SnapshotVerification(annals, new TicketingCatalog().aggregates())));
    }

    @AfterAll
    static void stop() {
        console.close();
        annals.close();
    }

    static HttpResponse<String> get(String pathAndQuery) {
        return Http.get(console.uri().resolve(pathAndQuery));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void every_page_answers_with_the_strict_content_security_policy_and_the_script_is_the_consoles_own() {
        for (String page : new String[] {"/", "/streams", "/stream?name=" + enc(Stores.longTicket()), "/log", "/subscriptions"}) {
            HttpResponse<String> response = get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(page).contains(Headers.POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.body()).as(page).contains("<script src=\"/static/console.js\" defer></script>")
                    .doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=\"");
        }
        HttpResponse<String> script = get("/static/console.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.body()).doesNotContain("innerHTML");
    }

    @Test
    void the_overview_shows_the_totals_and_the_backends_settings() {
        String body = get("/").body();
        assertThat(body).contains("streams").contains("events").contains("snapshots").contains("head position")
                .contains("bytes on disk").contains("journal_mode").contains("data-feed=\"/feed/appends\"");
        assertThat(body).contains(String.format("%,d", annals.inspect().stats().events()));
    }

    @Test
    void user_data_in_payloads_metadata_types_and_stream_names_is_written_as_text() {
        String stream = get("/stream?name=" + enc(Stores.MALICIOUS_STREAM)).body();
        String log = get("/log?category=evil").body();
        String streams = get("/streams?category=evil").body();
        for (String body : new String[] {stream, log, streams}) {
            assertThat(body).doesNotContain("<script>window").doesNotContain("<img src=x").doesNotContain("<svg onload")
                    .doesNotContain("<a href=\"javascript:");
            assertThat(Pattern.compile("<[a-zA-Z][^<>]*\\son[a-z]+\\s*=").matcher(body).find()).as("an element with an event handler")
                    .isFalse();
        }
        assertThat(stream).contains("&lt;script&gt;window.annalsPwned").contains("&lt;img src=x onerror=")
                .contains("javascript:window.annalsPwned").contains("&lt;/pre&gt;");
        assertThat(streams).contains("evil-&lt;script&gt;");
    }

    @Test
    void the_streams_page_pages_by_name_and_finds_streams_by_category_and_prefix() {
        String first = get("/streams").body();
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).as("a next page link").isTrue();
        String second = get(next.group(1).replace("&amp;", "&").replace("&#43;", "+")).body();
        String lastOfFirst = lastStream(first);
        String firstOfSecond = firstStream(second);
        assertThat(firstOfSecond).isGreaterThan(lastOfFirst);

        String ticket = Stores.longTicket();
        String id = ticket.substring("ticket-".length());
        String found = get("/streams?category=ticket&prefix=" + enc(id.substring(0, 6))).body();
        assertThat(found).contains(ticket);
        assertThat(streamsIn(found)).allSatisfy(s -> assertThat(s).startsWith("ticket-" + id.substring(0, 6)));
        assertThat(get("/streams?category=ticket&prefix=" + enc(id)).body()).contains(ticket);
        assertThat(get("/streams?prefix=" + enc("no-such-")).body()).contains("No stream whose name starts with no-such-");
    }

    @Test
    void a_stream_pages_forward_and_backward_and_jumps_to_a_version() {
        String name = enc(Stores.longTicket());
        String first = get("/stream?name=" + name).body();
        assertThat(versions(first)).startsWith(0L, 1L).hasSize(StreamPage.PAGE);
        assertThat(versions(get("/stream?name=" + name + "&after=19").body())).startsWith(20L).hasSize(StreamPage.PAGE);
        assertThat(versions(get("/stream?name=" + name + "&before=40").body())).startsWith(20L).endsWith(39L);
        assertThat(versions(get("/stream?name=" + name + "&version=777").body())).startsWith(777L);
        assertThat(versions(get("/stream?name=" + name + "&before=1200").body())).endsWith(1199L).hasSize(StreamPage.PAGE);
        assertThat(get("/stream?name=" + name + "&version=5000").statusCode()).isEqualTo(400);
        assertThat(get("/stream?name=" + name + "&version=abc").statusCode()).isEqualTo(400);
        assertThat(get("/stream?name=" + enc("ticket-nope")).statusCode()).isEqualTo(404);
    }

    @Test
    void a_large_payload_is_shown_cut_with_a_download_of_the_whole_event() {
        HttpResponse<String> page = get("/stream?name=blob-1");
        assertThat(page.body()).contains("Download the whole event").doesNotContain("END-OF-BLOB");
        assertThat(page.body().length()).isLessThan(100_000);
        HttpResponse<String> whole = get("/raw/event?stream=blob-1&version=0");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(whole.body()).contains("END-OF-BLOB").hasSizeGreaterThan(900_000);
    }

    @Test
    void snapshots_show_their_three_checks_and_a_state_that_is_not_the_fold_shows_where_it_differs() {
        String body = get("/stream?name=" + enc(Stores.longTicket())).body();
        String wrong = section(body, "snapshot-" + wrongSnapshotVersion);
        assertThat(wrong).contains("check pass").contains("hash holds").contains("fingerprint matches")
                .contains("check fail").contains("state differs from a fold of the events");
        assertThat(wrong).contains("Snapshot against the fold").contains("<code>/title</code>").contains("a title nobody wrote");
        String ticket = firstTicketWithSnapshots();
        String good = get("/stream?name=" + enc(ticket)).body();
        assertThat(good).contains("state equals a fold of the events").doesNotContain("check fail").doesNotContain("check not_checked");
    }

    @Test
    void without_an_aggregate_catalog_the_fold_is_said_to_be_unchecked_not_passed() {
        try (Console hashOnly = Console.start(annals, ConsoleOptions.defaults().port(0))) {
            String body = Http.get(hashOnly.uri().resolve("/stream?name=" + enc(Stores.longTicket()))).body();
            assertThat(body).contains("check pass").contains("check not_checked").contains("no aggregate type is known for category ticket")
                    .doesNotContain("check fail");
        }
    }

    @Test
    void gets_never_write_and_a_post_without_the_csrf_token_is_refused() {
        HttpResponse<String> confirm = get("/confirm?action=reset&name=nobody&position=0");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("method=\"post\"").contains("name=\"csrf\"");
        assertThat(get("/action?action=reset&name=nobody&position=0").statusCode()).isEqualTo(405);
        assertThat(Http.post(console.uri().resolve("/action"), "action=reset&name=nobody&position=0").statusCode()).isEqualTo(403);
        assertThat(Http.post(console.uri().resolve("/action"), "csrf=wrong&action=reset&name=nobody&position=0").statusCode())
                .isEqualTo(403);
        assertThat(Http.post(console.uri().resolve("/streams"), "x=1").statusCode()).isEqualTo(405);
    }

    @Test
    void a_loopback_console_refuses_requests_addressed_to_another_host_name() {
        assertThat(Http.statusWithHost(console.port(), "localhost:" + console.port())).contains(" 200 ");
        assertThat(Http.statusWithHost(console.port(), "127.0.0.1:" + console.port())).contains(" 200 ");
        assertThat(Http.statusWithHost(console.port(), "attacker.example:" + console.port())).contains(" 403 ");
    }

    @Test
    void a_console_bound_beyond_the_loopback_needs_a_token_and_refuses_every_request_without_it() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> Console.start(annals, ConsoleOptions.defaults().bind(any).port(0)))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("needs a token");
        assertThatThrownBy(() -> ConsoleOptions.defaults().token("short")).isInstanceOf(InvalidArgumentException.class);
        String token = ConsoleOptions.newToken();
        try (Console open = Console.start(annals, ConsoleOptions.defaults().bind(any).port(0).token(token))) {
            URI home = open.uri();
            assertThat(Http.get(home).statusCode()).isEqualTo(401);
            assertThat(Http.get(home.resolve("/static/console.js")).statusCode()).isEqualTo(401);
            assertThat(Http.get(home.resolve("/feed/log")).statusCode()).isEqualTo(401);
            assertThat(Http.get(home, "Authorization", "Bearer " + token.substring(1) + "x").statusCode()).isEqualTo(401);
            assertThat(Http.get(home.resolve("/?token=" + token.substring(0, token.length() - 1))).statusCode()).isEqualTo(401);
            assertThat(Http.get(home, "Cookie", AccessGuard.COOKIE + "=nottheone").statusCode()).isEqualTo(401);

            assertThat(Http.get(home, "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
            HttpResponse<String> first = Http.get(home.resolve("/streams?token=" + token));
            assertThat(first.statusCode()).isEqualTo(303);
            assertThat(first.headers().firstValue("Location")).contains("/streams");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(Http.get(home.resolve("/streams"), "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
            // Whatever the client's address: this request comes from the loopback and is still refused without the token.
            assertThat(Http.statusWithHost(open.port(), "127.0.0.1:" + open.port())).contains(" 401 ");
        }
    }

    @Test
    void the_secret_comparison_accepts_only_the_same_token() {
        assertThat(Secrets.matches("abcdefghijklmnopq", "abcdefghijklmnopq")).isTrue();
        assertThat(Secrets.matches("abcdefghijklmnopr", "abcdefghijklmnopq")).isFalse();
        assertThat(Secrets.matches("abcdefghijklmnop", "abcdefghijklmnopq")).isFalse();
        assertThat(Secrets.matches(null, "abcdefghijklmnopq")).isFalse();
        assertThat(Secrets.random()).hasSize(43).isNotEqualTo(Secrets.random());
    }

    private static String section(String body, String id) {
        int start = body.indexOf("id=\"" + id + "\"");
        assertThat(start).as("section %s", id).isPositive();
        int end = body.indexOf("</article>", start);
        return body.substring(start, end);
    }

    private static String firstTicketWithSnapshots() {
        return annals.inspect().streams("ticket-", 1000).stream()
                .filter(s -> s.snapshots() > 0 && !s.stream().equals(Stores.longTicket())).findFirst().orElseThrow().stream();
    }

    private static java.util.List<Long> versions(String body) {
        java.util.List<Long> versions = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<span class=\"version\">v(\\d+)</span>").matcher(body);
        while (m.find()) {
            versions.add(Long.parseLong(m.group(1)));
        }
        return versions;
    }

    private static java.util.List<String> streamsIn(String body) {
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<tr><td><a href=\"/stream\\?name=[^\"]*\">([^<]*)</a>").matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String firstStream(String body) {
        return streamsIn(body).get(0);
    }

    private static String lastStream(String body) {
        java.util.List<String> names = streamsIn(body);
        assertThat(names).hasSize(StreamsPage.PAGE);
        return names.get(names.size() - 1);
    }
}
