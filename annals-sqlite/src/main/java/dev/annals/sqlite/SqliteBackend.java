package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.LogFilter;
import dev.annals.spi.LogPage;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StreamPage;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StoredStreamState;
import dev.annals.spi.StreamInfo;
import dev.annals.spi.SubscriptionStorage;
import dev.annals.spi.TransactionalCheckpoints;
import dev.annals.spi.support.GroupCommit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The embedded backend: one SQLite file in WAL mode, durable by default ({@code synchronous=FULL}:
 * an append that returned is on disk).
 *
 * <p>Writes go through one {@link SqliteWriter}: concurrent appends share a transaction and its
 * fsync, each still atomic and version-checked in its own savepoint; a multi-stream append is one
 * such write. Global positions continue from the last one given, which the store keeps, so they are
 * never given twice. Reads run on a small pool of read connections that never wait for the writer.
 *
 * <p>Several processes (or several instances in one process) may open the same file: SQLite's file
 * locks serialize their write transactions (a writer waits up to the busy timeout), and versions
 * and positions are read inside the write transaction, so appends stay correct. The file must be on
 * a local file system (WAL needs shared memory).
 *
 * <p>Subscriptions keep their leases, checkpoints and parked events in tables of the same file, written
 * by the same writer as the events ({@link #subscriptionStorage()}); a projection can write its read
 * model in the transaction of its checkpoint ({@link #transactionalCheckpoints()}, exactly once).
 * Waiting subscriptions are woken at once by this backend's appends, and within milliseconds by
 * appends of other processes on the file.
 *
 * <p>Arguments are checked by {@code Annals} in front of the backend, as {@link StorageBackend}
 * says. Thread-safe.
 */
public final class SqliteBackend implements StorageBackend {

    private final Path file;
    private final String description;
    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final AppendWatch appends;
    private final SqliteSubscriptions subscriptions;
    private final ProjectionTransactions projections;
    private final SqliteKeys keys;

    /**
     * Opens (creating when missing) the store at {@code file}, durable.
     *
     * @throws StoreOpenException naming the file when it is not an Annals store, is damaged, or cannot be opened
     */
    public SqliteBackend(Path file) {
        this(file, SqliteOptions.DEFAULTS);
    }

    /**
     * Opens (creating when missing) the store at {@code file} with {@code options}.
     *
     * @throws StoreOpenException naming the file when it is not an Annals store, is damaged, or cannot be opened
     */
    public SqliteBackend(Path file, SqliteOptions options) {
        InvalidArgumentException.requireNonNull(file, "file");
        InvalidArgumentException.requireNonNull(options, "options");
        this.file = file.toAbsolutePath().normalize();
        this.description = "sqlite:" + this.file
                + (options.synchronous() == SqliteOptions.Synchronous.FULL ? "" : "?synchronous=normal");
        SqliteFiles.check(this.file);
        @Nullable SqliteConnection connection = null;
        try {
            connection = SqliteConnection.openWriter(this.file, options);
            SqliteSchema.prepare(connection, this.file);
            // touches the right edge of the events tree, so a damaged file fails now, not at the first append
            connection.queryLong(SqliteReads.HEAD);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw SqlErrors.open(this.file, e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        this.writer = new SqliteWriter(connection, description);
        this.readers = new ReaderPool(() -> SqliteConnection.openReader(this.file, options), description, options.maxReaders(),
                options.connectTimeout());
        this.appends = new AppendWatch(() -> SqliteConnection.openReader(this.file, options), this::headPosition);
        this.subscriptions = new SqliteSubscriptions(writer, readers, appends);
        this.projections = new ProjectionTransactions(writer, readers);
        this.keys = new SqliteKeys(writer, readers, () -> SqliteConnection.openWriter(this.file, options), description,
                options.busyTimeout().plus(options.connectTimeout()));
    }

    @Override
    public AppendResult append(AppendRequest request) {
        AppendResult result = writer.submit(new AppendOperation(request));
        appends.signal();
        return result;
    }

    /** All or nothing, in one savepoint of one transaction, which it may share with other writes. */
    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<AppendResult> results = writer.submit(new AppendAllOperation(requests));
        appends.signal();
        return results;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.MULTI_STREAM_APPEND, Capability.SUBSCRIPTIONS, Capability.TRANSACTIONAL_CHECKPOINTS,
                Capability.SCRATCH_STORES, Capability.DELETE_STREAMS, Capability.TRUNCATE_STREAMS, Capability.KEY_STORAGE);
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.of(subscriptions);
    }

    /** The data keys in the table {@code data_keys}; see {@link SqliteKeys} for how a forgotten key's bytes are erased. */
    @Override
    public Optional<KeyStorage> keyStorage() {
        return Optional.of(keys);
    }

    /**
     * Runs a projection's work on the writer's connection in the transaction that stores its
     * checkpoint. <b>Warning:</b> the file has one writer: other writes wait while the work runs.
     */
    @Override
    public Optional<TransactionalCheckpoints> transactionalCheckpoints() {
        return Optional.of(projections);
    }

    /** The writer's group commit: appends, snapshots and checkpoints share its transactions. */
    @Override
    public Optional<GroupCommit<?, ?>> groupCommit() {
        return Optional.of(writer.groupCommit());
    }

    @Override
    public StreamState streamState(String stream) {
        return readers.read("read the state of stream " + stream, c -> EventWrites.head(c, stream).state());
    }

    /** Run by the writer, serialized with appends; see {@link StreamRemovals}. */
    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        writer.submit(StreamRemovals.delete(stream, expectedVersion, mode));
    }

    /** Run by the writer, serialized with appends; see {@link StreamRemovals}. */
    @Override
    public void truncateBefore(String stream, long beforeVersion) {
        writer.submit(StreamRemovals.truncate(stream, beforeVersion));
    }

    /** Run by the writer, serialized with appends; see {@link StreamRemovals}. */
    @Override
    public void restoreStreamState(String stream, StreamState state) {
        writer.submit(StreamRemovals.restore(stream, state));
    }

    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        return readers.read("list the deleted and truncated streams", c -> StreamRemovals.list(c, afterStream, limit));
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        return readers.read("read stream " + stream, c -> SqliteReads.stream(c, stream, afterVersion, limit));
    }

    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        return readers.read("read stream " + stream, c -> SqliteReads.streamPage(c, stream, afterVersion, limit));
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        return readers.read("read the version of stream " + stream, c -> SqliteReads.currentVersion(c, stream));
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        // Positions are handed out under SQLite's write lock and become visible only by commit, in
        // commit order, so a reader can never see a position while a lower one is still uncommitted.
        // The query orders by position and counts rows, so it crosses any hole in the numbering.
        return readers.read("read the log", c -> SqliteReads.all(c, afterPosition, limit));
    }

    @Override
    public LogPage readAll(long afterPosition, int limit, LogFilter filter) {
        if (filter.isAll()) {
            return StorageBackend.super.readAll(afterPosition, limit, filter);
        }
        return readers.read("read the log, filtered", c -> SqliteReads.all(c, afterPosition, limit, filter));
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        return readers.read("read the log backward", c -> SqliteReads.allBackward(c, beforePosition, limit));
    }

    /** The highest position of a stored event: a position given to an event since deleted is not the head. */
    @Override
    public long headPosition() {
        return readers.read("read the head position", c -> c.queryLongOr(0, SqliteReads.HEAD));
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        return readers.read("list streams", c -> SqliteReads.streams(c, afterStream, limit));
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        return writer.submit(SnapshotWrites.save(snapshot, retain));
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        return readers.read("read the snapshots of " + stream, c -> SqliteReads.snapshots(c, stream));
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        return readers.read("read the snapshots of " + stream, c -> SqliteReads.snapshotAtOrBefore(c, stream, version))
                .stream().findFirst();
    }

    @Override
    public void clearSnapshots(String stream) {
        writer.submit(SnapshotWrites.clear(stream));
    }

    @Override
    public BackendStats stats() {
        long sizeBytes = sizeOnDisk();
        return readers.read("count its contents", c -> SqliteReads.stats(c, sizeBytes));
    }

    /** The main file plus its write-ahead log. */
    private long sizeOnDisk() {
        try {
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The writer, for this package's tests. */
    SqliteWriter writer() {
        return writer;
    }

    /** The file this store lives in. */
    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * {@code journal_mode}, {@code synchronous} and {@code wal_autocheckpoint} as the writer's connection
     * has them. <b>Warning:</b> read by the writer, so it waits for the running group commit.
     */
    @Override
    public Map<String, String> settings() {
        return writer.submit(SqliteSettings.read());
    }

    /** Waits for the running group commit, then closes every connection; later calls fail with {@link StorageException}. */
    @Override
    public void close() {
        appends.close();
        readers.close();
        writer.close();
    }

    @Override
    public String toString() {
        return "SqliteBackend[" + description + "]";
    }

    private static void closeQuietly(@Nullable SqliteConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }
}
