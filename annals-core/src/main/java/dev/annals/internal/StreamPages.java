package dev.annals.internal;

import dev.annals.instrumentation.Instrumentation;
import dev.annals.instrumentation.Observation;
import dev.annals.instrumentation.Operation;
import dev.annals.instrumentation.Outcome;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a stream lazily, one page at a time, so that folding a stream of any length holds one
 * page in memory and no backend resource stays open between pages. Streams are append-only, so
 * consecutive pages form a consistent prefix.
 */
final class StreamPages implements Iterator<StoredEvent> {

    static final int PAGE_SIZE = 1000;

    private final StorageBackend backend;
    private final String stream;
    private final Instrumentation instrumentation;
    private final Operation.ReadStream operation;
    private long after;
    private List<StoredEvent> page = List.of();
    private int index;
    private boolean exhausted;

    private StreamPages(StorageBackend backend, String stream, long after, Instrumentation instrumentation,
            Operation.ReadStream operation) {
        this.backend = backend;
        this.stream = stream;
        this.after = after;
        this.instrumentation = instrumentation;
        this.operation = operation;
    }

    /** The events of {@code stream} after {@code afterVersion}, each page read reported to {@code instrumentation} as {@code operation}. */
    static Stream<StoredEvent> of(StorageBackend backend, String stream, long afterVersion, Instrumentation instrumentation,
            Operation.ReadStream operation) {
        var pages = new StreamPages(backend, stream, afterVersion, instrumentation, operation);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        if (index < page.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        page = readPage();
        index = 0;
        exhausted = page.size() < PAGE_SIZE;
        if (!page.isEmpty()) {
            after = page.get(page.size() - 1).version();
        }
        return !page.isEmpty();
    }

    private List<StoredEvent> readPage() {
        Observation observation = instrumentation.start(operation);
        try {
            List<StoredEvent> read = backend.readStream(stream, after, PAGE_SIZE);
            if (!read.isEmpty()) {
                observation.version(read.get(read.size() - 1).version());
            }
            observation.end(Outcome.OK, read.size(), null);
            return read;
        } catch (RuntimeException e) {
            observation.end(Outcome.of(e), 0, e);
            throw e;
        }
    }

    @Override
    public StoredEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(index++);
    }
}
