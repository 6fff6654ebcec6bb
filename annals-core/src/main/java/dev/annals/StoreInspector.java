package dev.annals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annals.internal.MetadataCodec;
import dev.annals.internal.SnapshotHash;
import dev.annals.serialization.JsonCodec;
import dev.annals.spi.BackendStats;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A store as tools see it, without knowing its event classes: totals, streams, raw events (payload
 * and metadata as JSON) and snapshots with their integrity check. Read-only. Thread-safe.
 */
public final class StoreInspector {

    private static final JsonCodec RAW = new JsonCodec();

    private final StorageBackend backend;

    StoreInspector(StorageBackend backend) {
        this.backend = backend;
    }

    /** Totals of a store. {@code sizeBytes} is -1 when the backend cannot tell. */
    public record Stats(long streams, long events, long snapshots, long headPosition, long sizeBytes) {
    }

    /** A stream with events: its version and how many snapshots it keeps. */
    public record StreamSummary(String stream, long version, int snapshots) {
    }

    /**
     * A stored snapshot as it is, with the result of its integrity check.
     *
     * @param intact whether its SHA-256 over (stream, version, state) holds
     * @param fingerprint the schema fingerprint of the state type it was written with
     * @param state the state as JSON
     */
    public record SnapshotRecord(String stream, long version, Instant createdAt, String fingerprint, boolean intact,
            int sizeBytes, JsonNode state) {
    }

    /** A short description of the store, e.g. {@code sqlite:/data/annals.db}; never holds a password. */
    public String describe() {
        return backend.describe();
    }

    /**
     * The settings that decide the store's speed and durability, read from it now, by their name in
     * the store or server (PostgreSQL: {@code synchronous_commit}, {@code wal_sync_method},
     * {@code commit_delay}, …; SQLite: {@code journal_mode}, {@code synchronous}); in a stable order.
     */
    public Map<String, String> settings() {
        return backend.settings();
    }

    public Stats stats() {
        BackendStats stats = backend.stats();
        return new Stats(stats.streams(), stats.events(), stats.snapshots(), stats.headPosition(), stats.sizeBytes());
    }

    /** Up to {@code limit} streams with events whose name sorts after {@code afterStream} (null: from the first). */
    public List<StreamSummary> streams(@Nullable String afterStream, int limit) {
        List<StreamSummary> result = new ArrayList<>();
        for (StreamInfo info : backend.listStreams(afterStream, limit)) {
            result.add(new StreamSummary(info.stream(), info.version(), info.snapshots()));
        }
        return result;
    }

    /** What the store keeps of {@code stream}'s life, including a soft delete, a truncation or a hard delete. */
    public StreamState streamState(String stream) {
        return backend.streamState(stream);
    }

    /** The version of {@code stream}; empty when it has no events. */
    public OptionalLong version(String stream) {
        return backend.currentVersion(stream);
    }

    /** Up to {@code limit} events of {@code stream} after {@code afterVersion} (exclusive), payloads as JSON. */
    public List<RecordedEvent<JsonNode>> events(String stream, long afterVersion, int limit) {
        List<RecordedEvent<JsonNode>> result = new ArrayList<>();
        for (StoredEvent stored : backend.readStream(stream, afterVersion, limit)) {
            result.add(new RecordedEvent<>(stored.eventId(), stored.stream(), stored.type(), stored.version(), stored.position(),
                    stored.recordedAt(), MetadataCodec.read(stored.metadata()), json(stored.payload(), "event " + stored.eventId())));
        }
        return result;
    }

    /** The snapshots kept for {@code stream}, newest first, each with its integrity check. */
    public List<SnapshotRecord> snapshots(String stream) {
        List<SnapshotRecord> result = new ArrayList<>();
        for (StoredSnapshot stored : backend.snapshots(stream)) {
            boolean intact = SnapshotHash.of(stored.stream(), stored.version(), stored.state()).equals(stored.hash());
            result.add(new SnapshotRecord(stored.stream(), stored.version(), stored.createdAt(), stored.fingerprint(), intact,
                    stored.state().length, json(stored.state(), "snapshot " + stored.version() + " of " + stored.stream())));
        }
        return result;
    }

    private static JsonNode json(byte[] bytes, String what) {
        try {
            return RAW.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new SerializationException("Cannot read " + what + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StoreInspector[" + backend.describe() + "]";
    }
}
