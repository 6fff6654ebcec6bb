package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The group-commit protocol on its own; the backends' tests run it against real stores. */
@Timeout(30)
class GroupCommitTest {

    @Test
    void a_lone_request_runs_on_its_own_thread_in_a_batch_of_one() {
        List<Thread> runners = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            runners.add(Thread.currentThread());
            batch.forEach(slot -> slot.complete(slot.request() * 2));
        }, 16, 2, () -> new StorageException("closed"));

        assertThat(commit.submit(21)).isEqualTo(42);
        assertThat(runners).containsExactly(Thread.currentThread());
        assertThat(commit.batches()).isEqualTo(1);
    }

    @Test
    void requests_queued_while_a_batch_runs_share_the_next_batch_and_each_gets_its_own_outcome() throws Exception {
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstBatchRunning.countDown();
                await(othersQueued);
            }
            for (var slot : batch) {
                if (slot.request() % 2 == 0) {
                    slot.complete(slot.request());
                } else {
                    slot.fail(new IllegalStateException("odd " + slot.request()));
                }
            }
        }, 16, 2, () -> new StorageException("closed"));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> first = pool.submit(() -> commit.submit(0));
            firstBatchRunning.await();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int request = i;
                others.add(pool.submit(() -> commit.submit(request)));
            }
            while (commit.queued() < 4) {
                Thread.onSpinWait();
            }
            othersQueued.countDown();

            assertThat(first.get()).isZero();
            assertThat(others.get(1).get()).isEqualTo(2);
            assertThat(others.get(3).get()).isEqualTo(4);
            assertThatThrownBy(() -> others.get(0).get()).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("odd 1");
            assertThat(batchSizes).containsExactly(1, 4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_request_the_batch_leaves_undecided_fails_instead_of_waiting_for_ever() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> { }, 16, 2, () -> new StorageException("closed"));

        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(StorageException.class).hasMessageContaining("undecided");
    }

    @Test
    void an_error_in_a_batch_fails_its_requests_and_reaches_the_leader() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            throw new OutOfMemoryError("simulated");
        }, 16, 2, () -> new StorageException("closed"));

        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(OutOfMemoryError.class);
        assertThat(commit.queued()).isZero();
    }

    @Test
    void an_interrupt_does_not_abandon_a_queued_request_and_is_kept_for_the_caller() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> batch.forEach(slot -> slot.complete(slot.request())),
                16, 2, () -> new StorageException("closed"));
        Thread.currentThread().interrupt();
        try {
            assertThat(commit.submit(7)).isEqualTo(7);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void after_close_requests_fail_with_the_closed_error_and_the_close_action_ran_once() {
        List<String> closed = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> batch.forEach(slot -> slot.complete(1)),
                16, 2, () -> new StorageException("the store is closed"));

        commit.close(() -> closed.add("connection"));
        commit.close(() -> closed.add("again"));

        assertThat(closed).containsExactly("connection");
        assertThatThrownBy(() -> commit.submit(1)).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
