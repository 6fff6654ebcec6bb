package dev.annals.sqlite;

import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The embedded backend: one SQLite file in WAL mode, durable by default ({@code synchronous=FULL}:
 * an append that returned is on disk).
 *
 * <p>Writes go through one {@link GroupCommitWriter}: concurrent appends share a transaction and
 * its fsync, each still atomic and version-checked in its own savepoint. Reads run on a small pool
 * of read connections that never wait for the writer.
 *
 * <p>Several processes (or several instances in one process) may open the same file: SQLite's file
 * locks serialize their write transactions (a writer waits up to the busy timeout), and versions
 * and positions are read inside the write transaction, so appends stay correct. The file must be on
 * a local file system (WAL needs shared memory).
 *
 * <p>Thread-safe.
 */
public final class SqliteBackend implements StorageBackend {

    private final Path file;
    private final String description;
    private final GroupCommitWriter writer;
    private final ReaderPool readers;

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
        this.writer = new GroupCommitWriter(connection, description);
        this.readers = new ReaderPool(() -> SqliteConnection.openReader(this.file, options), description, options.maxReaders());
    }

    @Override
    public AppendResult append(AppendRequest request) {
        InvalidArgumentException.requireNonNull(request, "append request");
        return writer.submit(new AppendOperation(request));
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        if (limit <= 0) {
            return List.of();
        }
        return readers.read("read stream " + stream, c -> SqliteReads.stream(c, stream, afterVersion, limit));
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        Long version = readers.read("read the version of stream " + stream, c -> c.queryLong(SqliteReads.CURRENT_VERSION, stream));
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Positions are handed out under SQLite's write lock and become visible only by commit, in
        // commit order, so a reader can never see a position while a lower one is still uncommitted.
        return readers.read("read the log", c -> SqliteReads.all(c, afterPosition, limit));
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read("read the log backward", c -> SqliteReads.allBackward(c, beforePosition, limit));
    }

    @Override
    public long headPosition() {
        Long head = readers.read("read the head position", c -> c.queryLong(SqliteReads.HEAD));
        return head == null ? 0 : head;
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read("list streams", c -> SqliteReads.streams(c, afterStream, limit));
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        InvalidArgumentException.requireNonNull(snapshot, "snapshot");
        return writer.submit(SnapshotWrites.save(snapshot, retain));
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        return readers.read("read the snapshots of " + stream, c -> SqliteReads.snapshots(c, stream));
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        return readers.read("read the snapshots of " + stream, c -> SqliteReads.snapshotAtOrBefore(c, stream, version))
                .stream().findFirst();
    }

    @Override
    public void clearSnapshots(String stream) {
        InvalidArgumentException.requireNonNull(stream, "stream");
        writer.submit(SnapshotWrites.clear(stream));
    }

    @Override
    public BackendStats stats() {
        return readers.read("count its contents", c -> new BackendStats(
                c.queryLong("SELECT count(*) FROM streams"),
                c.queryLong("SELECT count(*) FROM events"),
                c.queryLong("SELECT count(*) FROM snapshots"),
                Optional.ofNullable(c.queryLong(SqliteReads.HEAD)).orElse(0L),
                sizeOnDisk()));
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
    GroupCommitWriter writer() {
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

    /** Waits for the running group commit, then closes every connection; later calls fail with {@link StorageException}. */
    @Override
    public void close() {
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
