package dev.annals.examples.ticketing.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AggregateNotFoundException;
import dev.annals.Annals;
import dev.annals.examples.ticketing.Priority;
import dev.annals.examples.ticketing.TicketSnapshot;
import dev.annals.examples.ticketing.TicketStatus;
import dev.annals.spring.AnnalsHealthIndicator;
import dev.annals.spring.ManagedSubscription;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application on the embedded SQLite store (a file of its own): commands, the projection, the health. */
@SpringBootTest
class TicketingApplicationTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry properties) {
        properties.add("annals.url", () -> "sqlite:" + dir.resolve("annals.db"));
    }

    @Autowired
    TicketController controller;
    @Autowired
    ManagedSubscription openTickets;
    @Autowired
    AnnalsHealthIndicator health;
    @Autowired
    Annals annals;

    @Test
    void tickets_are_opened_assigned_and_closed_and_the_projection_follows() throws Exception {
        assertThat(annals.toString()).contains(dir.toString());
        UUID first = controller.open(new TicketController.OpenTicket("Printer on fire", "alice", Priority.URGENT)).getBody().id();
        UUID second = controller.open(new TicketController.OpenTicket("Toner low", "carol", Priority.LOW)).getBody().id();
        controller.assign(first, new TicketController.Assignment("bob"));
        controller.assign(second, new TicketController.Assignment("bob"));
        TicketSnapshot closed = controller.close(first, new TicketController.Resolution("extinguished"));

        assertThat(closed.status()).isEqualTo(TicketStatus.RESOLVED);
        assertThat(controller.get(first).assignee()).isEqualTo("bob");
        assertThat(openTickets.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        awaitReadModel(Map.of("bob", 1L));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (openTickets.status().get(0).lagEvents() > 0) { // the checkpoint follows the read model's commit by a moment
            assertThat(System.nanoTime()).as("the projection's lag to reach 0").isLessThan(deadline);
            Thread.sleep(10);
        }
        Health status = health.health();
        assertThat(status.getStatus()).isEqualTo(Status.UP);
        assertThat(status.getDetails().get("subscriptions").toString()).contains(TicketingBeans.OPEN_TICKETS).contains("lagEvents=0");
    }

    @Test
    void an_unknown_ticket_is_not_found() {
        assertThatThrownBy(() -> controller.get(UUID.randomUUID())).isInstanceOf(AggregateNotFoundException.class);
    }

    private void awaitReadModel(Map<String, Long> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!controller.openByAssignee().equals(expected)) {
            assertThat(System.nanoTime()).as("the read model to show " + expected).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
