package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals console}: prints its address (and a generated token beyond the loopback), serves until stopped; user errors in one line. */
class ConsoleCommandTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static String store;

    @BeforeAll
    static void aStore() {
        store = "sqlite:" + dir.resolve("console.db");
        try (Annals annals = Annals.open(store)) {
            annals.inspect().stats();
        }
    }

    @Test
    void it_prints_its_loopback_address_and_serves_the_pages_until_stopped() throws Exception {
        try (Running running = Running.start("console", "--store", store, "--port", "0")) {
            String line = running.awaitLine("at http://");
            assertThat(line).contains("Annals console of sqlite:").contains("http://127.0.0.1:").doesNotContain("token");
            URI uri = URI.create(find("(http://\\S+/)", line));
            assertThat(get(uri, "/").statusCode()).isEqualTo(200);
            assertThat(get(uri, "/").body()).contains("Overview");
        }
    }

    @Test
    void beyond_the_loopback_it_generates_and_prints_a_token_that_every_request_needs() throws Exception {
        try (Running running = Running.start("console", "--store", store, "--port", "0", "--bind", "0.0.0.0")) {
            String tokenLine = running.awaitLine("Generated token: ");
            String token = find("Generated token: (\\S+);", tokenLine);
            URI uri = URI.create(find("(http://\\S+/)\\?token=", tokenLine));
            assertThat(get(uri, "/").statusCode()).isEqualTo(401);
            assertThat(get(uri, "/?token=" + token).statusCode()).isEqualTo(303);
        }
    }

    @Test
    void bad_options_and_a_missing_store_are_one_line_errors() {
        CliErrorsTest.Run port = CliErrorsTest.run("console", "--store", store, "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(1);
        assertThat(port.err().strip()).isEqualTo("annals: --port must be 0-65535, was 70000");
        CliErrorsTest.Run token = CliErrorsTest.run("console", "--store", store, "--port", "0", "--token", "short");
        assertThat(token.exitCode()).isEqualTo(1);
        assertThat(token.err().strip()).isEqualTo("annals: --token must be at least 16 characters");
        CliErrorsTest.Run missing = CliErrorsTest.run("console", "--store", "sqlite:" + dir.resolve("absent.db"), "--port", "0");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines().count()).isEqualTo(1);
    }

    private static String find(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HttpClient.newBuilder().connectTimeout(DEADLINE).build()
                .send(HttpRequest.newBuilder(base.resolve(path)).timeout(DEADLINE).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The command on a thread of its own; closing interrupts it, which stops the console. */
    private static final class Running implements AutoCloseable {

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        private Running(String... args) {
            thread = new Thread(() -> exit.set(AnnalsCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args)));
        }

        static Running start(String... args) {
            Running running = new Running(args);
            running.thread.start();
            return running;
        }

        String awaitLine(String containing) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                String line = out.toString().lines().filter(l -> l.contains(containing)).findFirst().orElse(null);
                if (line != null) {
                    return line;
                }
                if (!thread.isAlive()) {
                    throw new AssertionError("the command ended: " + out + err);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no line with '" + containing + "' within " + DEADLINE + ": " + out + err);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(DEADLINE.toMillis());
            assertThat(thread.isAlive()).as("the command stops when interrupted").isFalse();
            assertThat(exit.get()).isZero();
        }
    }
}
