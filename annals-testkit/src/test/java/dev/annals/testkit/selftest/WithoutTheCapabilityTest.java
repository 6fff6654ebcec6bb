package dev.annals.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.Annals;
import dev.annals.EventStore;
import dev.annals.StreamAppend;
import dev.annals.UnsupportedCapabilityException;
import dev.annals.memory.MemoryBackend;
import dev.annals.spi.Capability;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A backend that declares no capability: a multi-stream append is refused before it reaches the backend, and writes nothing. */
class WithoutTheCapabilityTest {

    /** Memory, declaring that it cannot append to several streams at once. */
    private static final class SingleStreamBackend extends ForwardingBackend {

        SingleStreamBackend() {
            super(new MemoryBackend());
        }

        @Override
        public Set<Capability> capabilities() {
            return EnumSet.noneOf(Capability.class);
        }
    }

    @Test
    void a_multi_stream_append_is_an_unsupported_capability_and_writes_nothing() {
        try (Annals annals = new Annals(new SingleStreamBackend())) {
            EventStore<UUID, TestEvent> counters = annals.eventStore(TestDomain.COUNTERS);
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            counters.appendEvents(first, EventStore.NO_STREAM, List.of(new TestEvent.Counted(1)));

            assertThatThrownBy(() -> annals.appendAll(List.of(
                    StreamAppend.of(TestDomain.COUNTERS, first, 0, List.of(new TestEvent.Counted(2))),
                    StreamAppend.of(TestDomain.OTHER_COUNTERS, second, EventStore.NO_STREAM, List.of(new TestEvent.Counted(3))))))
                    .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
                            e -> assertThat(e.capability()).isEqualTo(Capability.MULTI_STREAM_APPEND));

            assertThat(counters.loadEvents(first)).containsExactly(new TestEvent.Counted(1));
            assertThat(annals.eventStore(TestDomain.OTHER_COUNTERS).getCurrentVersion(second)).isEmpty();
        }
    }
}
