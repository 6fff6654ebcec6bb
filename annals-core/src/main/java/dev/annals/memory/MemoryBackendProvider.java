package dev.annals.memory;

import dev.annals.spi.BackendProvider;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;

/** Opens a fresh {@link MemoryBackend} for {@code memory:} (each URL open is a new, empty store). */
public final class MemoryBackendProvider implements BackendProvider {

    @Override
    public String urlForm() {
        return "memory:";
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("memory:");
    }

    @Override
    public StorageBackend open(String url) {
        return new MemoryBackend();
    }

    /** {@code memory:} itself: every open of it is a new, empty store, which goes with its last reference. */
    @Override
    public ScratchStore scratch(String url) {
        return new ScratchStore() {
            @Override
            public String url() {
                return "memory:";
            }

            @Override
            public void close() {
                // nothing to remove: the store lives in the heap of whoever opened it
            }
        };
    }
}
