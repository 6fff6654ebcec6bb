package dev.annals.spi;

/**
 * Totals of a store.
 *
 * @param sizeBytes bytes on disk, or -1 when the backend cannot tell
 */
public record BackendStats(long streams, long events, long snapshots, long headPosition, long sizeBytes) {
}
