package dev.annals.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.AppendResult;
import dev.annals.EventData;
import dev.annals.EventStore;
import dev.annals.EventStoreConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * The smallest correct event store: a list of events per stream. Runs each {@link EventStep}
 * against the real store and itself, and asserts that both answer the same.
 */
final class EventStoreModel<ID, E> {

    private record Sent<E>(long expected, List<EventData<E>> events, AppendResult result) {
    }

    private final EventStore<ID, E> store;
    private final List<ID> ids;
    private final IntFunction<E> events;
    private final List<List<E>> streams = new ArrayList<>();
    private final Map<Integer, Sent<E>> lastSent = new HashMap<>();
    private int seed;

    EventStoreModel(EventStore<ID, E> store, List<ID> ids, IntFunction<E> events) {
        this.store = store;
        this.ids = ids;
        this.events = events;
        ids.forEach(id -> streams.add(new ArrayList<>()));
    }

    void run(EventStep step) {
        if (step instanceof EventStep.Append append) {
            append(append);
        } else if (step instanceof EventStep.Retry retry) {
            retry(retry.stream());
        } else if (step instanceof EventStep.Load load) {
            List<E> stream = streams.get(load.stream());
            int from = (int) Math.min(Math.max(load.fromVersion() + 1, 0), stream.size());
            assertThat(store.loadEvents(ids.get(load.stream()), load.fromVersion()))
                    .as("%s", step).containsExactlyElementsOf(stream.subList(from, stream.size()));
        } else if (step instanceof EventStep.Version version) {
            assertThat(store.getCurrentVersion(ids.get(version.stream()))).as("%s", step).isEqualTo(version(version.stream()));
        }
    }

    /** Compares every stream in full. */
    void verifyAll() {
        for (int i = 0; i < ids.size(); i++) {
            assertThat(store.loadEvents(ids.get(i))).as("stream %d at the end", i).containsExactlyElementsOf(streams.get(i));
            assertThat(store.getCurrentVersion(ids.get(i))).as("version of stream %d at the end", i).isEqualTo(version(i));
        }
    }

    private OptionalLong version(int stream) {
        int size = streams.get(stream).size();
        return size == 0 ? OptionalLong.empty() : OptionalLong.of(size - 1);
    }

    private void append(EventStep.Append step) {
        List<E> stream = streams.get(step.stream());
        long current = stream.size() - 1L;
        long expected = switch (step.expectation()) {
            case CURRENT -> current;
            case NO_STREAM -> EventStore.NO_STREAM;
            case ANY -> EventStore.ANY;
            case STALE -> current >= 0 ? current - 1 : 0;
            case AHEAD -> current + 2;
        };
        List<EventData<E>> data = new ArrayList<>();
        for (int i = 0; i < step.count(); i++) {
            data.add(EventData.of(events.apply(seed++)));
        }
        ID id = ids.get(step.stream());
        if (expected != EventStore.ANY && expected != current) {
            assertThatThrownBy(() -> store.append(id, expected, data)).as("%s", step)
                    .isInstanceOfSatisfying(EventStoreConflictException.class, e -> {
                        assertThat(e.expectedVersion()).isEqualTo(expected);
                        assertThat(e.actualVersion()).isEqualTo(current);
                    });
            return;
        }
        AppendResult result = store.append(id, expected, data);
        data.forEach(d -> stream.add(d.event()));
        assertThat(result.version()).as("%s: version", step).isEqualTo(stream.size() - 1L);
        assertThat(result.duplicate()).as("%s: duplicate", step).isFalse();
        assertThat(result.positions()).as("%s: positions", step).hasSize(data.size()).isSorted().doesNotHaveDuplicates();
        if (!data.isEmpty()) {
            lastSent.put(step.stream(), new Sent<>(expected, data, result));
        }
    }

    private void retry(int streamIndex) {
        Sent<E> sent = lastSent.get(streamIndex);
        if (sent == null) {
            run(new EventStep.Version(streamIndex));
            return;
        }
        AppendResult again = store.append(ids.get(streamIndex), sent.expected(), sent.events());
        assertThat(again.duplicate()).as("retry of %s: duplicate", sent.events()).isTrue();
        assertThat(again.version()).as("retry: version").isEqualTo(sent.result().version());
        assertThat(again.positions()).as("retry: positions").isEqualTo(sent.result().positions());
    }
}
