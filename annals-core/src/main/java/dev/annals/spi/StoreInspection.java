package dev.annals.spi;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The role of a backend that can describe its contents, for tools and operators.
 *
 * <p>Arguments arrive checked (see {@link StorageBackend}); implementations are thread-safe.
 */
public interface StoreInspection {

    /** Up to {@code limit} streams with events whose name sorts after {@code afterStream} (null: from the first), in name order. */
    List<StreamInfo> listStreams(@Nullable String afterStream, int limit);

    /** Totals of the store. */
    BackendStats stats();

    /** A short description for reports, e.g. {@code sqlite:/data/annals.db}; never holds a password. */
    String describe();

    /**
     * The settings that decide this store's speed and durability, by their name in the store or server
     * (e.g. PostgreSQL's {@code synchronous_commit}, SQLite's {@code journal_mode}), with the values in
     * force, read from it now. Empty by default, for backends that have none to show.
     */
    default Map<String, String> settings() {
        return Map.of();
    }
}
