package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    void a_request_still_queued_at_its_deadline_leaves_the_queue_and_fails_as_not_stored() throws Exception {
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            batch.forEach(slot -> seen.add(slot.request()));
            firstBatchRunning.countDown();
            await(release); // a batch that does not end: the leader's connection hangs
            batch.forEach(slot -> slot.complete(slot.request()));
        }, 16, 2, () -> new StorageException("closed"), Duration.ofMillis(200), Duration.ofMinutes(5));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Integer> stuck = pool.submit(() -> commit.submit(1));
            firstBatchRunning.await();

            assertThatThrownBy(() -> commit.submit(2)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("was not stored").hasMessageContaining("nothing of it was written")
                    .hasMessageContaining("may be retried");
            assertThat(commit.queued()).as("the request left the queue").isZero();

            release.countDown();
            assertThat(stuck.get()).isEqualTo(1);
            assertThat(seen).as("no batch ever ran the request that gave up").containsExactly(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void a_request_in_a_batch_that_never_ends_gives_up_at_the_backstop_with_an_unknown_outcome() throws Exception {
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch followerQueued = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            if (first.getAndSet(false)) {
                firstBatchRunning.countDown();
                await(followerQueued);
            } else {
                await(release); // the follower's batch hangs
            }
            batch.forEach(slot -> slot.complete(slot.request()));
        }, 16, 2, () -> new StorageException("closed"), Duration.ofMinutes(5), Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> leader = pool.submit(() -> commit.submit(1));
            firstBatchRunning.await();
            Future<Integer> follower = pool.submit(() -> commit.submit(2));
            while (commit.queued() < 1) {
                Thread.onSpinWait();
            }
            followerQueued.countDown();

            assertThatThrownBy(follower::get).cause().isInstanceOf(StorageException.class)
                    .hasMessageContaining("outcome of the write is unknown").hasMessageContaining("may or may not be stored");

            release.countDown();
            assertThat(leader.get()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void interrupting_the_leader_fails_no_other_callers_request_and_only_the_leader_keeps_its_interrupt() throws Exception {
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch leaderInterrupted = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<Thread> leaderThread = new AtomicReference<>();
        // Like a pool's wait for a connection: a batch started on an interrupted thread fails at once.
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            if (Thread.currentThread().isInterrupted()) {
                batch.forEach(slot -> slot.fail(new StorageException("Interrupted during connection acquisition")));
                return;
            }
            if (first.getAndSet(false)) {
                leaderThread.set(Thread.currentThread());
                firstBatchRunning.countDown();
                awaitUninterruptibly(leaderInterrupted);
            }
            batch.forEach(slot -> slot.complete(slot.request()));
        }, 16, 2, () -> new StorageException("closed"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Boolean> leader = pool.submit(() -> {
                int result = commit.submit(0);
                return result == 0 && Thread.interrupted();
            });
            firstBatchRunning.await();
            List<Future<Boolean>> followers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int request = i;
                followers.add(pool.submit(() -> commit.submit(request) == request && !Thread.currentThread().isInterrupted()));
            }
            while (commit.queued() < 3) {
                Thread.onSpinWait();
            }
            leaderThread.get().interrupt();
            leaderInterrupted.countDown();

            assertThat(leader.get()).as("the leader's own request decided, its interrupt kept").isTrue();
            for (Future<Boolean> follower : followers) {
                assertThat(follower.get()).as("a follower's request stored, no interrupt of its own").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void close_waits_for_a_batch_that_never_ends_only_until_the_backstop_then_closes_beside_it() throws Exception {
        CountDownLatch batchRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> {
            batchRunning.countDown();
            await(release);
            batch.forEach(slot -> slot.complete(slot.request()));
        }, 16, 2, () -> new StorageException("closed"), Duration.ofMinutes(5), Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<Integer> stuck = pool.submit(() -> commit.submit(1));
            batchRunning.await();

            commit.close(() -> closed.add("connection"));

            assertThat(closed).containsExactly("connection");
            assertThatThrownBy(() -> commit.submit(2)).isInstanceOf(StorageException.class).hasMessage("closed");
            release.countDown();
            assertThat(stuck.get()).isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
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

    /** Waits as a blocking driver call does: an interrupt meanwhile stays pending on the thread. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
