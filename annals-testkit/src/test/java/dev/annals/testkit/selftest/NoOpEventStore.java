package dev.annals.testkit.selftest;

import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** An event store that accepts everything and keeps nothing. */
final class NoOpEventStore<ID, E> implements EventStore<ID, E> {

    @Override
    public AppendResult append(ID aggregateId, long expectedVersion, List<? extends EventData<? extends E>> events) {
        return new AppendResult(-1, List.of(), false);
    }

    @Override
    public Stream<RecordedEvent<E>> readStream(ID aggregateId, long fromVersion) {
        return Stream.empty();
    }

    @Override
    public OptionalLong getCurrentVersion(ID aggregateId) {
        return OptionalLong.empty();
    }
}
