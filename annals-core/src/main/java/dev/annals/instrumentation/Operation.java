package dev.annals.instrumentation;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What Annals is about to do, as handed to {@link Instrumentation#start}. Every value is of bounded
 * cardinality (a category, a subscription name, a count), except {@link StoreInfo#name()}, which is one
 * per store; stream names and aggregate ids are never part of an operation.
 */
public sealed interface Operation {

    /**
     * An append through the typed API: to one stream, or to several in one transaction ({@code Annals.appendAll}).
     *
     * @param category the category of the stream; null for a multi-stream append
     * @param streams how many streams the append writes
     * @param events how many events it holds
     * @param expectedVersion the expected version of a single-stream append ({@code -1} no stream, {@code -2} any); -2 for a multi-stream one
     */
    record Append(StoreInfo store, @Nullable String category, int streams, int events, long expectedVersion) implements Operation {
    }

    /** One page of one stream read through the typed API (a stream load reads one page per 1,000 events). */
    record ReadStream(StoreInfo store, String category) implements Operation {
    }

    /** One page of the global log, read by the typed {@code EventLog} or a subscription. */
    record ReadLog(StoreInfo store) implements Operation {
    }

    /** A repository load: the snapshot, then the events after it. */
    record RepositoryLoad(String category) implements Operation {
    }

    /** A repository save of an aggregate's {@code events} uncommitted events. */
    record RepositorySave(String category, int events, long expectedVersion) implements Operation {
    }

    /**
     * A subscription handing a batch to its handler (or projection).
     *
     * @param attempt 1 for the first try; higher for the retries of one event after its batch failed
     * @param traceparents the W3C trace contexts stored with the batch's events, in order and without
     *     repeats, when {@link Instrumentation#linksEvents()} asked for them; otherwise empty
     */
    record Handle(StoreInfo store, String subscription, int partition, int attempt, int events, List<String> traceparents)
            implements Operation {

        public Handle {
            traceparents = List.copyOf(traceparents);
        }
    }
}
