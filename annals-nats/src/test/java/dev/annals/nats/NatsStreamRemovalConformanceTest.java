package dev.annals.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.DeleteMode;
import dev.annals.EventStore;
import dev.annals.StreamState;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.spi.Capability;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamPage;
import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit's {@link StreamRemovalContract} on a store of one replica on a single nats-server, which
 * declares neither deletes (they need the appends serialized across the store, as a replicated store has them:
 * {@code NatsClusterStreamRemovalConformanceTest}) nor truncations (see the README): the contract's tests are
 * skipped, a delete or truncation is an {@link UnsupportedCapabilityException} that changes nothing, and a
 * stream's state is its last version.
 */
class NatsStreamRemovalConformanceTest extends StreamRemovalContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @Test
    void a_delete_or_a_truncation_is_an_unsupported_capability_and_changes_nothing() {
        EventStore<UUID, TestEvent> counters = FIXTURE.annals().eventStore(TestDomain.COUNTERS);
        UUID id = UUID.randomUUID();
        counters.appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1), TestEvent.of(2)));

        assertThatThrownBy(() -> counters.deleteStream(id, 1, DeleteMode.HARD)).isInstanceOfSatisfying(
                UnsupportedCapabilityException.class, e -> assertThat(e.capability()).isEqualTo(Capability.DELETE_STREAMS));
        assertThatThrownBy(() -> counters.truncateBefore(id, 1)).isInstanceOfSatisfying(
                UnsupportedCapabilityException.class, e -> assertThat(e.capability()).isEqualTo(Capability.TRUNCATE_STREAMS));

        assertThat(counters.loadEvents(id)).containsExactly(TestEvent.of(1), TestEvent.of(2));
        assertThat(FIXTURE.annals().capabilities()).doesNotContain(Capability.DELETE_STREAMS, Capability.TRUNCATE_STREAMS);
    }

    @Test
    void a_page_of_a_stream_comes_with_its_last_version_as_its_state() {
        EventStore<UUID, TestEvent> counters = FIXTURE.annals().eventStore(TestDomain.COUNTERS);
        UUID id = UUID.randomUUID();
        counters.appendEvents(id, EventStore.NO_STREAM, List.of(TestEvent.of(1), TestEvent.of(2), TestEvent.of(3)));
        String stream = TestDomain.COUNTERS.streamName(id);

        StreamPage page = FIXTURE.annals().backend().readStreamPage(stream, 0, 10);

        assertThat(page.events()).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(page.state()).isEqualTo(StreamState.of(2));
        assertThat(FIXTURE.annals().backend().readStreamPage(stream, 2, 10)).isEqualTo(StreamPage.EMPTY);
    }
}
