package dev.annals.spi;

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
}
