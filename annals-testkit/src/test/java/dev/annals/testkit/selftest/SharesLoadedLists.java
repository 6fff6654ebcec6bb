package dev.annals.testkit.selftest;

import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A typed store that breaks one rule: {@code loadEvents} hands every caller the same list of an aggregate, refilled. */
final class SharesLoadedLists<ID, E> implements EventStore<ID, E> {

    private final EventStore<ID, E> delegate;
    private final Map<ID, List<E>> loaded = new ConcurrentHashMap<>();

    SharesLoadedLists(EventStore<ID, E> delegate) {
        this.delegate = delegate;
    }

    @Override
    public AppendResult append(ID aggregateId, long expectedVersion, List<? extends EventData<? extends E>> events) {
        return delegate.append(aggregateId, expectedVersion, events);
    }

    @Override
    public Stream<RecordedEvent<E>> readStream(ID aggregateId, long afterVersion) {
        return delegate.readStream(aggregateId, afterVersion);
    }

    @Override
    public List<E> loadEvents(ID aggregateId, long afterVersion) {
        List<E> fresh = delegate.loadEvents(aggregateId, afterVersion);
        if (aggregateId == null) {
            return fresh;
        }
        return loaded.compute(aggregateId, (id, shared) -> {
            List<E> list = shared == null ? new ArrayList<>() : shared;
            list.clear();
            list.addAll(fresh);
            return list;
        });
    }

    @Override
    public OptionalLong getCurrentVersion(ID aggregateId) {
        return delegate.getCurrentVersion(aggregateId);
    }
}
