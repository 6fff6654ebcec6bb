package dev.annals.spi;

import dev.annals.UnsupportedCapabilityException;

/**
 * Opens a backend from a URL. Registered in {@code META-INF/services/dev.annals.spi.BackendProvider}
 * and chosen by {@link #accepts}.
 */
public interface BackendProvider {

    /** The URL schemes handled, for error messages, e.g. {@code "sqlite:PATH"}. */
    String urlForm();

    /** Whether this provider opens {@code url}. */
    boolean accepts(String url);

    /** Opens the backend, creating the store when it does not exist; fails with {@code StoreOpenException} naming the URL when it cannot. */
    StorageBackend open(String url);

    /**
     * Opens a store that must exist already (for tools that only read), creating nothing; fails with
     * {@code StoreOpenException} when there is none. By default the same as {@link #open}, for
     * backends where opening creates nothing a reader would notice.
     */
    default StorageBackend openExisting(String url) {
        return open(url);
    }

    /**
     * Makes a fresh, empty store beside the one {@code url} names (same kind, same place, same
     * durability options), never touching the store at {@code url} itself; see {@link ScratchStore}.
     * The caller removes it with {@link ScratchStore#close}.
     *
     * @throws UnsupportedCapabilityException ({@link Capability#SCRATCH_STORES}) when the backend cannot; the default
     * @throws dev.annals.StoreOpenException when {@code url} is malformed or its place cannot hold a new store
     */
    default ScratchStore scratch(String url) {
        throw new UnsupportedCapabilityException(Capability.SCRATCH_STORES, urlForm());
    }
}
