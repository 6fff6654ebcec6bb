package dev.annals.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.Annals;
import dev.annals.subscription.ParkedEvent;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subscriptions page over HTTP on SQLite: a parked event with its error as text, retried through the confirmation form. */
class ConsoleSubscriptionsTest {

    @TempDir
    Path dir;

    @Test
    void a_parked_event_is_listed_with_its_error_as_text_and_a_confirmed_retry_has_it_handled() throws Exception {
        try (Annals annals = Annals.open("sqlite:" + dir.resolve("subs.db"));
                PoisonedSubscription poisoned = new PoisonedSubscription(annals, "pills");
                Console console = Console.start(annals, ConsoleOptions.defaults().port(0))) {
            ParkedEvent parked = poisoned.awaitParked();
            String page = Http.get(console.uri().resolve("/subscriptions")).body();
            assertThat(page).contains("Parked events of pills").contains("the pill is &lt;img src=x onerror=")
                    .doesNotContain("<img src=x").contains("data-feed=\"/feed/subscriptions\"");

            String confirm = Http.get(console.uri().resolve("/confirm?action=retry&name=pills&position=" + parked.position())).body();
            assertThat(poisoned.subscription.parked()).as("a GET writes nothing").hasSize(1);
            assertThat(poisoned.subscription.parked().get(0).retryRequested()).isFalse();
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(confirm);
            assertThat(csrf.find()).isTrue();
            HttpResponse<String> done = Http.post(console.uri().resolve("/action"), "csrf=" + csrf.group(1)
                    + "&action=retry&name=pills&position=" + parked.position());
            assertThat(done.statusCode()).isEqualTo(303);
            String location = done.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/subscriptions?done=");
            assertThat(poisoned.awaitHandled()).as("the retried event is handled").isTrue();
            assertThat(Http.get(console.uri().resolve(location)).body()).contains("Asked to retry the parked event");
        }
    }

    @Test
    void a_reset_needs_the_csrf_token_and_a_valid_subscription_name() throws Exception {
        try (Annals annals = Annals.open("sqlite:" + dir.resolve("reset.db"));
                Console console = Console.start(annals, ConsoleOptions.defaults().port(0))) {
            try (PoisonedSubscription poisoned = new PoisonedSubscription(annals, "resettable")) {
                poisoned.awaitParked();
            }
            String confirm = Http.get(console.uri().resolve("/confirm?action=reset&name=resettable&position=0")).body();
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(confirm);
            assertThat(csrf.find()).isTrue();
            long before = annals.subscriptions().list().get(0).checkpoint();
            assertThat(Http.post(console.uri().resolve("/action"), "action=reset&name=resettable&position=0").statusCode())
                    .isEqualTo(403);
            assertThat(annals.subscriptions().list().get(0).checkpoint()).isEqualTo(before);
            HttpResponse<String> unknown = Http.post(console.uri().resolve("/action"), "csrf=" + csrf.group(1)
                    + "&action=reset&name=" + URLEncoder.encode("nobody<b>", StandardCharsets.UTF_8) + "&position=0");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("nobody&lt;b&gt;").doesNotContain("nobody<b>");
            HttpResponse<String> reset = Http.post(console.uri().resolve("/action"), "csrf=" + csrf.group(1)
                    + "&action=reset&name=resettable&position=0");
            assertThat(reset.statusCode()).isEqualTo(303);
            assertThat(Http.get(console.uri().resolve(reset.headers().firstValue("Location").orElseThrow())).body())
                    .contains("Reset resettable to position 0.");
        }
    }
}
