package dev.annals.generator;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** What a generated store keeps its data in: the {@code store_type} field of a definition. */
public enum StoreType {

    /** A self-contained, thread-safe implementation holding everything in memory. */
    IN_MEMORY("in_memory", null, null),
    /** A class bound to the SQLite backend, opened from a {@code sqlite:PATH} URL. */
    SQLITE("sqlite", "SQLite", "sqlite:./data/annals.db"),
    /** A class bound to the PostgreSQL backend, opened from a {@code postgresql://…} URL. */
    POSTGRES("postgres", "PostgreSQL", "postgresql://localhost:5432/annals");

    private final String id;
    private final @Nullable String backendName;
    private final @Nullable String exampleUrl;

    StoreType(String id, @Nullable String backendName, @Nullable String exampleUrl) {
        this.id = id;
        this.backendName = backendName;
        this.exampleUrl = exampleUrl;
    }

    public String id() {
        return id;
    }

    /** True when the generated class delegates to an Annals backend opened by URL. */
    public boolean usesBackend() {
        return this != IN_MEMORY;
    }

    /** The backend's display name; only for {@link #usesBackend()} types (else IllegalStateException). */
    public String backendName() {
        return requireBackend(backendName);
    }

    /** A URL of the backend, for Javadoc; only for {@link #usesBackend()} types (else IllegalStateException). */
    public String exampleUrl() {
        return requireBackend(exampleUrl);
    }

    private String requireBackend(@Nullable String value) {
        if (value == null) {
            throw new IllegalStateException("store_type " + id + " uses no backend");
        }
        return value;
    }

    /** The store type spelled {@code id} in a definition (the schema has checked it is one). */
    public static StoreType byId(String id) {
        return Arrays.stream(values()).filter(type -> type.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown store_type " + id));
    }
}
