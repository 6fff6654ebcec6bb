package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.SnapshotVerification;
import dev.annals.examples.ticketing.TicketingCatalog;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium) on a real SQLite store filled by the demo: every page loads
 * without a console error, the search and the paging work, the live log shows an event appended during the test,
 * user data stays inert (also with the Content-Security-Policy off), a console beyond the loopback refuses a browser
 * without its token, and a parked event is retried. Screenshots of every page: {@code target/console-screenshots/}.
 */
@Tag("servers")
class ConsoleBrowserTest {

    /** The longest any wait of these tests lasts; nothing asserts how long a step took. */
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static Annals annals;
    static Console console;
    static Console withoutPolicy;
    static PoisonedSubscription poisoned;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        annals = Annals.open("sqlite:" + dir.resolve("browser.db"));
        Stores.demo(annals, 60, 1200);
        Stores.wrongSnapshot(annals);
        Stores.malicious(annals);
        Stores.large(annals, "blob-1", 900_000);
        poisoned = new PoisonedSubscription(annals, "pills");
        poisoned.awaitParked();
        SnapshotVerification verification = new SnapshotVerification(annals, new TicketingCatalog().aggregates());
        console = Console.start(annals, ConsoleOptions.defaults().port(0).verification(verification));
        withoutPolicy = Console.start(annals, ConsoleOptions.defaults().port(0).verification(verification).contentSecurityPolicy(false));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {withoutPolicy, console, poisoned, annals}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }

    static String page(Console on, String pathAndQuery) {
        return on.uri().resolve(pathAndQuery).toString();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser.driver, WAIT);
    }

    @Test
    void every_page_loads_without_a_console_error_and_is_photographed() {
        browser.consoleErrors();
        String[][] pages = {
                {"overview", "/"},
                {"streams", "/streams"},
                {"stream", "/stream?name=" + enc(Stores.longTicket()) + "&before=1200"},
                {"stream-large-payload", "/stream?name=blob-1"},
                {"log", "/log"},
                {"subscriptions", "/subscriptions"},
                {"confirm", "/confirm?action=drop&name=pills&position=1"}};
        for (String[] page : pages) {
            browser.driver.get(page(console, page[1]));
            waiting().until(d -> d.findElement(By.tagName("h1")).isDisplayed());
            if (page[0].equals("overview") || page[0].equals("subscriptions")) {
                waiting().until(d -> !d.findElements(By.cssSelector("canvas.chart")).isEmpty());
                pause(Duration.ofMillis(2500)); // lets the chart draw a few live points for the screenshot
            }
            if (page[0].equals("log")) {
                waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
            }
            browser.screenshot(page[0]);
            assertThat(browser.consoleErrors()).as("console errors on %s", page[1]).isEmpty();
        }
        assertThat(Browser.SCREENSHOTS.resolve("stream.png")).exists();
    }

    @Test
    void the_search_finds_a_stream_and_the_pages_move_forward_and_back() {
        browser.driver.get(page(console, "/streams"));
        String firstOfFirstPage = browser.driver.findElement(By.cssSelector("table.streams tbody tr td a")).getText();
        browser.driver.findElement(By.id("next-page")).click();
        waiting().until(ExpectedConditions.urlContains("after="));
        String firstOfSecondPage = browser.driver.findElement(By.cssSelector("table.streams tbody tr td a")).getText();
        assertThat(firstOfSecondPage).isGreaterThan(firstOfFirstPage);

        String ticket = Stores.longTicket();
        browser.driver.findElement(By.id("category")).sendKeys("ticket");
        browser.driver.findElement(By.id("prefix")).sendKeys(ticket.substring("ticket-".length(), "ticket-".length() + 5));
        browser.driver.findElement(By.id("search")).click();
        waiting().until(ExpectedConditions.urlContains("prefix="));
        List<String> found = browser.driver.findElements(By.cssSelector("table.streams tbody tr td a")).stream()
                .map(WebElement::getText).toList();
        assertThat(found).contains(ticket).allSatisfy(name -> assertThat(name).startsWith(ticket.substring(0, "ticket-".length() + 5)));
        browser.driver.findElement(By.linkText(ticket)).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("v0")));

        browser.driver.findElement(By.cssSelector("a.newer")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("v" + StreamPage.PAGE)));
        browser.driver.findElement(By.cssSelector("a.older")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("v0")));
        WebElement version = browser.driver.findElement(By.cssSelector("input.version"));
        version.sendKeys("700");
        version.submit();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("v700")));
        assertThat(browser.driver.findElements(By.cssSelector("article.event")).get(0).getAttribute("id")).isEqualTo("v700");
    }

    @Test
    void the_live_log_shows_an_event_appended_while_it_is_open_and_holds_new_ones_while_paused() {
        browser.driver.get(page(console, "/log"));
        waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        String type = "live-" + UUID.randomUUID();
        Stores.append(annals, "live-1", type, "{}", "{\"n\":1}");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.xpath("//tbody[@id='log-rows']/tr/td[text()='" + type + "']")));

        browser.driver.findElement(By.id("pause")).click();
        String held = "held-" + UUID.randomUUID();
        Stores.append(annals, "live-1", held, "{}", "{\"n\":2}");
        waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "paused (1 new)"));
        assertThat(browser.driver.findElements(By.xpath("//td[text()='" + held + "']"))).isEmpty();
        browser.driver.findElement(By.id("pause")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='" + held + "']")));

        browser.driver.get(page(console, "/log?category=live&type=" + enc(type)));
        waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        Stores.append(annals, "other-1", "filtered-out", "{}", "{}");
        Stores.append(annals, "live-1", type, "{}", "{\"n\":3}");
        waiting().until(d -> d.findElements(By.cssSelector("tbody#log-rows tr.live")).size() == 1);
        assertThat(browser.driver.findElements(By.xpath("//td[text()='filtered-out']"))).isEmpty();
    }

    @Test
    void user_data_stays_inert_with_and_without_the_content_security_policy() {
        for (Console on : List.of(console, withoutPolicy)) {
            for (String path : List.of("/stream?name=" + enc(Stores.MALICIOUS_STREAM), "/stream?name=evil-1", "/log?category=evil",
                    "/streams?category=evil", "/subscriptions", "/log")) {
                browser.driver.get(page(on, path));
                waiting().until(d -> d.findElement(By.tagName("h1")).isDisplayed());
                if (path.startsWith("/log")) {
                    waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
                }
                new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(browser.driver.findElement(By.tagName("main")))
                        .perform();
                assertThat(browser.driver.executeScript("return typeof window.annalsPwned")).as("%s on %s", path, on.uri())
                        .isEqualTo("undefined");
                assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
                assertThat(browser.driver.findElements(By.id("evil-link"))).isEmpty();
                assertThat(browser.driver.findElements(By.cssSelector("main script, main img, main svg"))).isEmpty();
            }
            if (on == withoutPolicy) {
                browser.screenshot("stream-malicious-without-csp");
            }
        }
        // Appended while the log is open: the live rows are written by the script, which must write text too.
        browser.driver.get(page(withoutPolicy, "/log?category=evil"));
        waiting().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        Stores.malicious(annals);
        waiting().until(d -> d.findElements(By.cssSelector("tbody#log-rows tr.live")).size() >= 2);
        assertThat(browser.driver.executeScript("return typeof window.annalsPwned")).isEqualTo("undefined");
        assertThat(browser.driver.findElements(By.cssSelector("main script, main img, main svg"))).isEmpty();
        browser.screenshot("log-malicious-without-csp");
    }

    @Test
    void a_console_beyond_the_loopback_refuses_a_browser_without_its_token() {
        String token = ConsoleOptions.newToken();
        try (Console open = Console.start(annals, ConsoleOptions.defaults().bind(any()).port(0).token(token))) {
            browser.driver.get(open.uri().toString());
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("needs its token");
            browser.driver.get(open.uri().resolve("/streams").toString());
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("needs its token");
            browser.consoleErrors(); // the refusals (401) are logged as errors by the browser: expected here

            browser.driver.get(URI.create(open.uri() + "?token=" + token).toString());
            waiting().until(ExpectedConditions.titleContains("Overview"));
            assertThat(browser.driver.getCurrentUrl()).doesNotContain(token);
            browser.driver.get(open.uri().resolve("/streams").toString());
            waiting().until(ExpectedConditions.titleContains("Streams"));
        } finally {
            browser.driver.manage().deleteAllCookies();
        }
    }

    @Test
    void a_parked_event_is_retried_from_the_subscriptions_page_after_a_confirmation() throws Exception {
        browser.driver.get(page(console, "/subscriptions"));
        WebElement retry = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-parked^='pills@'] a.retry")));
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-parked^='pills@'] pre.error-text")).getText())
                .contains("<img src=x onerror=");
        retry.click();
        waiting().until(ExpectedConditions.titleContains("Confirm"));
        assertThat(poisoned.subscription.parked()).as("the confirmation page writes nothing").hasSize(1);
        assertThat(poisoned.subscription.parked().get(0).retryRequested()).isFalse();
        browser.driver.findElement(By.id("confirm")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.driver.findElement(By.id("done")).getText()).contains("Asked to retry");
        assertThat(poisoned.awaitHandled()).as("the retried event is handled").isTrue();
        browser.driver.navigate().refresh();
        waiting().until(d -> d.findElements(By.cssSelector("tr[data-parked^='pills@']")).isEmpty());
    }

    private static InetAddress any() {
        try {
            return InetAddress.getByName("0.0.0.0");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
