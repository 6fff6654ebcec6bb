package dev.annals.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.StreamCategory;
import dev.annals.examples.ticketing.OpenTicketsProjection;
import dev.annals.examples.ticketing.TicketEvent;
import dev.annals.examples.ticketing.Ticketing;
import dev.annals.subscription.PoisonPolicy;
import dev.annals.subscription.RetryPolicy;
import dev.annals.subscription.Start;
import dev.annals.subscription.Subscription;
import dev.annals.subscription.SubscriptionOptions;
import dev.annals.subscription.SubscriptionState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annals subscriptions} and {@code annals parked} on a real SQLite store. */
class SubscriptionCommandsTest {

    @TempDir
    static Path dir;

    static String store;

    @BeforeAll
    static void writeADemoStoreWithItsProjection() {
        store = "sqlite:" + dir.resolve("annals.db");
        CliErrorsTest.Run run = CliErrorsTest.run("demo", "--store", store, "--tickets", "30", "--long-ticket-events", "1200");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Projection " + OpenTicketsProjection.NAME).contains("the table equals a fold of the ticket events");
    }

    @Test
    void subscriptions_lists_the_demo_projection_caught_up_as_a_table_and_as_json() throws Exception {
        CliErrorsTest.Run table = CliErrorsTest.run("subscriptions", "--store", store);
        JsonNode json = Json.mapper().readTree(CliErrorsTest.run("subscriptions", "--store", store, "--json").out());

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("SUBSCRIPTION").contains("LAG").contains(OpenTicketsProjection.NAME);
        JsonNode row = json.get(0);
        assertThat(row.get("subscription").asText()).isEqualTo(OpenTicketsProjection.NAME);
        assertThat(row.get("lag").asLong()).isZero();
        assertThat(row.get("checkpoint").asLong()).isEqualTo(row.get("head").asLong());
        assertThat(row.get("lease").asText()).isEqualTo("no instance");
    }

    @Test
    void reset_sets_the_checkpoint_back_and_the_next_demo_run_rebuilds_the_projection() throws Exception {
        CliErrorsTest.Run reset = CliErrorsTest.run("subscriptions", "reset", OpenTicketsProjection.NAME, "--to", "0", "--store", store);
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        JsonNode json = Json.mapper().readTree(CliErrorsTest.run("subscriptions", "--store", store, "--json").out());
        assertThat(json.get(0).get("checkpoint").asLong()).isZero();

        CliErrorsTest.Run again = CliErrorsTest.run("demo", "--store", store, "--tickets", "30", "--long-ticket-events", "1200");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("the table equals a fold of the ticket events");
        assertThat(Json.mapper().readTree(CliErrorsTest.run("subscriptions", "--store", store, "--json").out()).get(0).get("lag").asLong())
                .isZero();
    }

    @Test
    void bad_input_prints_one_line_and_exits_non_zero() {
        CliErrorsTest.Run unknown = CliErrorsTest.run("subscriptions", "reset", "never-ran", "--to", "0", "--store", store);
        CliErrorsTest.Run negative = CliErrorsTest.run("subscriptions", "reset", OpenTicketsProjection.NAME, "--to", "-3", "--store", store);
        CliErrorsTest.Run badName = CliErrorsTest.run("parked", "bad name!", "--store", store);

        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err().lines()).singleElement().asString().contains("no subscription named never-ran");
        assertThat(negative.exitCode()).isNotZero();
        assertThat(negative.err().lines()).singleElement().asString().contains("--to");
        assertThat(badName.exitCode()).isNotZero();
        assertThat(badName.err().lines()).singleElement().asString().contains("subscription name");
    }

    @Test
    void parked_lists_a_poison_event_and_drop_lets_the_stopped_subscription_go_on() throws Exception {
        String poisonStore = "sqlite:" + dir.resolve("poison.db");
        StreamCategory<UUID, TicketEvent> tickets = Ticketing.TICKETS;
        UUID id = UUID.randomUUID();
        try (Annals annals = Annals.open(poisonStore)) {
            EventStore<UUID, TicketEvent> events = annals.eventStore(tickets);
            events.appendEvents(id, EventStore.NO_STREAM, List.of(new TicketEvent.TicketOpened(id, "t", "alice",
                    dev.annals.examples.ticketing.Priority.LOW, Instant.now()), new TicketEvent.TicketAssigned(id, "bob")));
            try (Subscription sub = annals.subscribe("picky", SubscriptionOptions.startAt(Start.beginning()).categories(tickets)
                    .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO)).onPoison(PoisonPolicy.STOP), (batch, context) -> {
                        if (batch.stream().anyMatch(e -> e.type().equals("ticket-assigned"))) {
                            throw new IllegalStateException("cannot handle assignments");
                        }
                    })) {
                waitFor(() -> sub.status().get(0).state() == SubscriptionState.FAILED);

                CliErrorsTest.Run list = CliErrorsTest.run("parked", "picky", "--store", poisonStore);
                assertThat(list.exitCode()).as(list.err()).isZero();
                assertThat(list.out()).contains("cannot handle assignments").contains("ticket-" + id);

                CliErrorsTest.Run drop = CliErrorsTest.run("parked", "picky", "--drop", "--store", poisonStore);
                assertThat(drop.out()).contains("Dropped 1 parked event(s) of picky");
                waitFor(() -> sub.status().get(0).state() == SubscriptionState.LIVE);
                assertThat(CliErrorsTest.run("parked", "picky", "--store", poisonStore).out()).contains("has no parked events");
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
