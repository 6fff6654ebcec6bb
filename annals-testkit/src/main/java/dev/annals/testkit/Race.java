package dev.annals.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks on their own threads, released at the same instant, and collects each one's own
 * outcome. A task that does not finish within the timeout fails the test (a deadlock must not
 * hang the build).
 */
final class Race {

    /** What one task did: its result, or the exception it threw. */
    record Outcome<T>(int task, @Nullable T result, @Nullable Throwable error) {

        boolean succeeded() {
            return error == null;
        }

        /** The result of a task that returned one; fails the test otherwise. */
        T value() {
            if (result == null) {
                throw new AssertionError("task " + task + " returned no result" + (error == null ? "" : "; it threw " + error));
            }
            return result;
        }
    }

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Race() {
    }

    /** Runs {@code tasks} tasks at once; task {@code i} is {@code task.apply(i)}. */
    static <T> List<Outcome<T>> run(int tasks, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        CountDownLatch ready = new CountDownLatch(tasks);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                Callable<T> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return body.call();
                }));
            }
            if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the race's threads did not start within " + TIMEOUT);
            }
            start.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                outcomes.add(await(i, futures.get(i), deadline));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Outcome<T> await(int task, Future<T> future, long deadline) throws InterruptedException {
        try {
            return new Outcome<>(task, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(task, null, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("task " + task + " did not finish within " + TIMEOUT + " (deadlock or lost wake-up?)");
        }
    }
}
