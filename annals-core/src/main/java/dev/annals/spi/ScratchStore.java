package dev.annals.spi;

/**
 * A fresh, empty store of the same kind and in the same place as a given one (a new file in the
 * same directory, a new schema on the same server), made by {@link BackendProvider#scratch} for
 * measurements that must not touch existing data, such as {@code annals bench}.
 *
 * <p>Open it with {@code Annals.open(url())}; close every store opened on it before {@link #close},
 * which removes it with everything written to it. Thread-safe: {@link #close} may be called from a
 * shutdown hook while another thread still works on the store.
 */
public interface ScratchStore extends AutoCloseable {

    /** The URL that opens this store; names the new file or schema, never the original one. */
    String url();

    /**
     * Removes the store and all its data. Idempotent: later calls do nothing.
     *
     * @throws dev.annals.StorageException naming what is left behind when it cannot be removed
     */
    @Override
    void close();
}
