package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.EventStore;
import dev.annals.StreamState;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.Capability;
import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit's {@link StreamRemovalContract} on a store with three replicas on a 3-node cluster, which
 * deletes streams (soft and hard) and does not truncate them: a commit is one message, which JetStream cannot cut.
 */
class NatsClusterStreamRemovalConformanceTest extends StreamRemovalContract {

    @RegisterExtension
    static final NatsClusterFixture FIXTURE = new NatsClusterFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @Test
    void deletes_are_declared_and_truncations_are_an_unsupported_capability_that_changes_nothing() {
        EventStore<UUID, TestEvent> counters = FIXTURE.annals().eventStore(TestDomain.COUNTERS);
        UUID id = UUID.randomUUID();
        counters.appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1), TestEvent.of(2)));

        assertThat(FIXTURE.annals().capabilities()).contains(Capability.DELETE_STREAMS).doesNotContain(Capability.TRUNCATE_STREAMS);
        assertThatThrownBy(() -> counters.truncateBefore(id, 1)).isInstanceOfSatisfying(
                UnsupportedCapabilityException.class, e -> assertThat(e.capability()).isEqualTo(Capability.TRUNCATE_STREAMS));
        assertThatThrownBy(() -> FIXTURE.annals().backend().restoreStreamState(TestDomain.COUNTERS.streamName(id),
                new StreamState(1, 0, 1, false))).isInstanceOf(UnsupportedCapabilityException.class);
        assertThat(counters.loadEvents(id)).containsExactly(TestEvent.of(1), TestEvent.of(2));
    }
}
