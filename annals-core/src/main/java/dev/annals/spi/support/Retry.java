package dev.annals.spi.support;

import dev.annals.StorageException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a step of a backend again until it gives its answer or a deadline passes: for a step that can lose
 * to another process for a moment (a checkpoint that readers hold back, a data key that another process
 * creates or deletes at the same time), so that no such loop waits without bound. The one copy of that loop.
 *
 * <p>Stateless and thread-safe.
 */
public final class Retry {

    /** One try: the answer, or empty to try again. */
    @FunctionalInterface
    public interface Attempt<T, X extends Exception> {
        Optional<T> run() throws X;
    }

    private Retry() {
    }

    /**
     * Runs {@code attempt} until it gives an answer, pausing {@code pause} between tries (none for zero).
     *
     * @param doing what the step does, for the message of an interrupt ("checkpointing store x")
     * @param timedOut the message of the {@link StorageException} thrown once {@code deadline} has passed
     *     without an answer
     * @throws StorageException when the deadline passes, or the thread is interrupted (its flag set again)
     */
    public static <T, X extends Exception> T untilDeadline(String doing, Duration deadline, Duration pause,
            Supplier<String> timedOut, Attempt<T, X> attempt) throws X {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Optional<T> answer = attempt.run();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new StorageException(timedOut.get());
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("Interrupted while " + doing, e);
                }
            }
        }
    }
}
