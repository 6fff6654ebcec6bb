package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annals.EventStore;
import dev.annals.spi.StorageBackend;
import dev.annals.testkit.domain.TestDomain;
import dev.annals.testkit.domain.TestEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The root of the backend-level event suites: {@link EventStoreContract} bound to a backend through
 * an {@link AnnalsFixture}, with the testkit's own domain ({@link TestEvent} under
 * {@link TestDomain#COUNTERS}). The backend-level roles ({@link StreamNamesContract},
 * {@link InputLimitsContract}, {@link MultiStreamAppendContract}) chain on it and end in
 * {@link BackendEventStoreContract}, the one class a backend extends.
 */
public abstract class BackendEventStoreSuite extends EventStoreContract<UUID, TestEvent> {

    private static final AtomicLong NAMES = new AtomicLong();
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    /** Hands the store under test. */
    protected abstract AnnalsFixture fixture();

    @Override
    protected EventStore<UUID, TestEvent> createStore() {
        return fixture().annals().eventStore(TestDomain.COUNTERS);
    }

    @Override
    protected UUID newAggregateId() {
        return UUID.randomUUID();
    }

    @Override
    protected TestEvent newEvent(int seed) {
        return TestEvent.of(seed);
    }

    /** The store of {@link TestDomain#NAMED_COUNTERS}, whose ids are any strings. */
    protected final EventStore<String, TestEvent> named() {
        return fixture().annals().eventStore(TestDomain.NAMED_COUNTERS);
    }

    /** Appends {@code count} events to the new {@link #named()} stream of {@code id} and proves they are stored. */
    protected final List<TestEvent> seedNamed(String id, int count) {
        List<TestEvent> events = events(count);
        named().appendEvents(id, EventStore.NO_STREAM, events);
        assertThat(named().loadEvents(id)).as("the events just appended").containsExactlyElementsOf(events);
        return events;
    }

    /** A string id never used before, ASCII, to which a test appends what it checks. */
    protected static String freshName() {
        return "n" + RUN + "-" + NAMES.incrementAndGet();
    }

    /** The byte-level backend of the fixture's store, behind the SPI's argument checks. */
    protected final StorageBackend backend() {
        return fixture().annals().backend();
    }
}
