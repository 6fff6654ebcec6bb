package dev.annals.spi;

/** A stream, as listed by {@link StorageBackend#listStreams}. */
public record StreamInfo(String stream, long version, int snapshots) {
}
