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

    /** Opens the backend; fails with {@code StoreOpenException} naming the URL when it cannot. */
    StorageBackend open(String url);
}
