package dev.annals.spi;

import dev.annals.AppendResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The byte-level storage a backend implements once. Everything typed (ids, serialization,
 * upcasting, snapshot hashes, policies, the repository) lives above it and is shared.
 *
 * <p>Streams are named by plain strings ({@code category-id}); versions are 0-based; global
 * positions start at 1 and increase strictly in commit order.
 *
 * <p>Implementations are thread-safe: any number of threads may call any method at once.
 */
public interface StorageBackend extends AutoCloseable {

    /** Appends atomically, all or nothing; see {@link AppendRequest} for the checks it makes. */
    AppendResult append(AppendRequest request);

    /**
     * Up to {@code limit} events of {@code stream} with version greater than {@code afterVersion},
     * in version order. An unknown stream gives an empty list.
     */
    List<StoredEvent> readStream(String stream, long afterVersion, int limit);

    /** The version of the last event of {@code stream}, empty when the stream does not exist. */
    OptionalLong currentVersion(String stream);

    /**
     * Up to {@code limit} events with global position greater than {@code afterPosition}, in
     * position order, never returning an event while an event with a lower position may still
     * commit.
     */
    List<StoredEvent> readAll(long afterPosition, int limit);

    /** Up to {@code limit} events with position lower than {@code beforePosition}, newest first. */
    List<StoredEvent> readAllBackward(long beforePosition, int limit);

    /** The highest position {@link #readAll} can return now; 0 when the log is empty. */
    long headPosition();

    /** Up to {@code limit} streams whose name sorts after {@code afterStream}, in name order. */
    List<StreamInfo> listStreams(String afterStream, int limit);

    /**
     * Stores a snapshot: one with a lower version than the newest stored one is ignored, an equal
     * version overwrites, a higher one is added; then only the newest {@code retain} are kept.
     *
     * @return true if the snapshot was stored, false if it was ignored as older
     */
    boolean saveSnapshot(StoredSnapshot snapshot, int retain);

    /** The stored snapshots of {@code stream}, newest first. */
    List<StoredSnapshot> snapshots(String stream);

    /** The newest snapshot of {@code stream} whose version is at most {@code version}. */
    Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version);

    /** Removes every snapshot of {@code stream}. */
    void clearSnapshots(String stream);

    /** Counts for {@code annals stats}. */
    BackendStats stats();

    /** A short description for reports, e.g. {@code sqlite:/data/annals.db}. */
    String describe();

    @Override
    void close();
}
