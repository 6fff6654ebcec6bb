package dev.annals;

import java.util.ArrayList;
import java.util.List;

/**
 * One stream's part of a multi-stream append ({@link Annals#appendAll}): the events for one
 * aggregate, with its own expected version.
 */
public record StreamAppend<ID, E>(StreamCategory<ID, E> category, ID aggregateId, long expectedVersion,
        List<EventData<? extends E>> events) {

    public StreamAppend {
        InvalidArgumentException.requireNonNull(category, "category");
        InvalidArgumentException.requireNonNull(aggregateId, "aggregate id");
        InvalidArgumentException.requireNonNull(events, "events");
        events.forEach(event -> InvalidArgumentException.requireNonNull(event, "event"));
        events = List.copyOf(events);
    }

    /** The events with new ids and no metadata. */
    public static <ID, E> StreamAppend<ID, E> of(StreamCategory<ID, E> category, ID aggregateId, long expectedVersion,
            List<? extends E> events) {
        InvalidArgumentException.requireNonNull(events, "events");
        List<EventData<? extends E>> data = new ArrayList<>(events.size());
        for (E event : events) {
            data.add(EventData.of(InvalidArgumentException.requireNonNull(event, "event")));
        }
        return new StreamAppend<>(category, aggregateId, expectedVersion, data);
    }
}
