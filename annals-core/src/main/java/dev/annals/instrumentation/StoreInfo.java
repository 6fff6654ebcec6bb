package dev.annals.instrumentation;

import dev.annals.spi.StorageBackend;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which store an operation ran on, in values of bounded cardinality.
 *
 * @param system the kind of store, from the scheme of its URL: {@code memory}, {@code sqlite}, {@code postgresql},
 *     {@code nats}; {@code other} for a backend that does not describe itself by a URL
 * @param name the store as its backend describes itself (a file, a server and schema; never a password)
 */
public record StoreInfo(String system, String name) {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]{0,31}):.*", Pattern.DOTALL);

    /** The store {@code backend} describes. */
    public static StoreInfo of(StorageBackend backend) {
        String described = backend.describe();
        var scheme = SCHEME.matcher(described);
        return new StoreInfo(scheme.matches() ? scheme.group(1).toLowerCase(Locale.ROOT) : "other", described);
    }
}
