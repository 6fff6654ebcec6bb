package dev.annals.internal;

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
    private long after;
    private List<StoredEvent> page = List.of();
    private int index;
    private boolean exhausted;

    private StreamPages(StorageBackend backend, String stream, long after) {
        this.backend = backend;
        this.stream = stream;
        this.after = after;
    }

    static Stream<StoredEvent> of(StorageBackend backend, String stream, long afterVersion) {
        var pages = new StreamPages(backend, stream, afterVersion);
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
        page = backend.readStream(stream, after, PAGE_SIZE);
        index = 0;
        exhausted = page.size() < PAGE_SIZE;
        if (!page.isEmpty()) {
            after = page.get(page.size() - 1).version();
        }
        return !page.isEmpty();
    }

    @Override
    public StoredEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(index++);
    }
}
