package dev.annals.cli;

import dev.annals.Annals;
import dev.annals.spi.ScratchStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes scratch stores beside the store a URL names (see {@link Annals#scratch}) and makes
 * sure they go: each is removed when its work is done, and any still there when the JVM shuts down
 * (Ctrl-C, SIGTERM) is removed by a shutdown hook. Thread-safe.
 */
final class ScratchStores implements AutoCloseable {

    private final String url;
    private final Set<ScratchStore> live = ConcurrentHashMap.newKeySet();
    private final Thread hook = new Thread(this::removeAll, "annals-scratch-cleanup");

    ScratchStores(String url) {
        this.url = url;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * A new, empty store beside the given one; remove it with {@link #remove}.
     *
     * @throws dev.annals.StoreOpenException when no backend accepts the URL or the store cannot be made
     */
    ScratchStore create() {
        ScratchStore scratch = Annals.scratch(url);
        live.add(scratch);
        return scratch;
    }

    /** Removes {@code scratch}; close every store opened on it first. */
    void remove(ScratchStore scratch) {
        try {
            scratch.close();
        } finally {
            live.remove(scratch);
        }
    }

    private void removeAll() {
        for (ScratchStore scratch : List.copyOf(live)) {
            try {
                remove(scratch);
            } catch (RuntimeException e) {
                System.err.println("annals: " + e.getMessage());
            }
        }
    }

    /** Removes what is left and drops the shutdown hook. */
    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs or has run
        }
    }
}
