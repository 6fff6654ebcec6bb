package dev.annals.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCommitObserverTest {

    @Test
    void an_observer_sees_the_size_of_every_batch_and_its_failure_fails_no_request() {
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(batch -> batch.forEach(slot -> slot.complete(slot.request())), 16, 2,
                () -> new StorageException("closed"));
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        commit.observeBatches(sizes::add);
        commit.observeBatches(size -> {
            throw new IllegalStateException("a broken observer");
        });

        assertThat(commit.submit(1)).isEqualTo(1);
        assertThat(commit.submit(2)).isEqualTo(2);
        assertThat(sizes).containsExactly(1, 1);
        assertThat(commit.requests()).isEqualTo(2);
    }
}
