package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void an_attempt_runs_again_until_it_answers() {
        AtomicInteger tries = new AtomicInteger();

        String answer = Retry.untilDeadline("testing", Duration.ofSeconds(5), Duration.ZERO, () -> "timed out",
                () -> tries.incrementAndGet() < 3 ? Optional.empty() : Optional.of("third"));

        assertThat(answer).isEqualTo("third");
        assertThat(tries).hasValue(3);
    }

    @Test
    void an_attempt_that_never_answers_ends_at_the_deadline_with_its_message() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> Retry.untilDeadline("testing", Duration.ofMillis(100), Duration.ofMillis(10),
                () -> "gave up after " + tries.get() + " tries", () -> {
                    tries.incrementAndGet();
                    return Optional.empty();
                })).isInstanceOf(StorageException.class).hasMessageStartingWith("gave up after ");
        assertThat(tries.get()).isGreaterThan(1);
    }

    @Test
    void an_interrupt_during_the_pause_ends_the_loop_and_stays_set() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Retry.untilDeadline("waiting for the test", Duration.ofSeconds(5), Duration.ofMillis(10),
                    () -> "timed out", Optional::empty)).isInstanceOf(StorageException.class)
                    .hasMessage("Interrupted while waiting for the test");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
