package dev.annals.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.NewEvent;
import dev.annals.spi.StorageBackend;
import dev.annals.spi.StoredEvent;
import dev.annals.spi.StoredSnapshot;
import dev.annals.spi.StreamInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL backend (PostgreSQL 13 or newer), in its own schema.
 *
 * <p>Opened by URL ({@code postgresql://host[:port]/database?user=…&password=…&schema=annals}, also
 * behind {@code jdbc:}), in which case it owns a HikariCP pool and closes it on {@link #close}; or over the
 * caller's own {@link DataSource}, which it uses but never closes. Opening creates or migrates the schema.
 *
 * <p>What it guarantees, beyond the {@link StorageBackend} contract:
 * <ul>
 *   <li>Global positions are dense and strictly increasing in commit order; {@link #readAll} never
 *       skips an event that commits later (how: {@link PostgresAppender}).</li>
 *   <li>A lone append is one round trip; concurrent appends share one transaction ({@link GroupCommitter}).</li>
 *   <li>When the connection fails while an append may be committing, {@link #append} throws
 *       {@link dev.annals.AppendOutcomeUnknownException}; retrying it with the same event ids is safe.</li>
 *   <li>A value PostgreSQL refuses (a NUL character in a type or stream name, a stream name too long to
 *       index) or an event larger than {@link PostgresOptions#maxEventBytes()} is an
 *       {@link InvalidArgumentException}, and nothing of that append is stored.</li>
 * </ul>
 *
 * <p>Payloads, metadata and snapshot states are stored as {@code bytea}: exactly the bytes given, never
 * parsed or normalized (as {@code jsonb} would), so idempotent retries and integrity hashes compare the
 * same bytes, any codec works, and writing costs no JSON parsing on the server.
 *
 * <p>Thread-safe.
 */
public final class PostgresBackend implements StorageBackend {

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownPool;
    private final PostgresOptions options;
    private final String display;
    private final GroupCommitter committer;
    private final PostgresReader reader;
    private final PostgresSnapshots snapshots;
    private volatile boolean closed;

    /**
     * Opens the store at {@code url} with a pool of its own.
     *
     * @throws StoreOpenException when the URL is malformed, the server cannot be reached, or the schema cannot be migrated
     */
    public PostgresBackend(String url) {
        this(PostgresUrl.parse(InvalidArgumentException.requireNonNull(url, "store URL")));
    }

    /** Opens the store over the caller's {@code dataSource} with the {@link PostgresOptions#DEFAULTS}. */
    public PostgresBackend(DataSource dataSource) {
        this(dataSource, PostgresOptions.DEFAULTS);
    }

    /**
     * Opens the store over the caller's {@code dataSource}, which stays the caller's to close. Group commit
     * holds one of its connections per batch; reads take one per call.
     */
    public PostgresBackend(DataSource dataSource, PostgresOptions options) {
        this(InvalidArgumentException.requireNonNull(dataSource, "dataSource"), null,
                InvalidArgumentException.requireNonNull(options, "options"), "postgresql:(DataSource)?schema=" + options.schema());
    }

    private PostgresBackend(PostgresUrl url) {
        this(null, pool(url), url.options(), url.display());
    }

    private PostgresBackend(@Nullable DataSource dataSource, @Nullable HikariDataSource ownPool, PostgresOptions options, String display) {
        this.dataSource = dataSource != null ? dataSource : java.util.Objects.requireNonNull(ownPool);
        this.ownPool = ownPool;
        this.options = options;
        this.display = display;
        try {
            PostgresSchema.migrate(this.dataSource, options.schema(), display);
        } catch (RuntimeException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
        Jdbc jdbc = new Jdbc(this.dataSource, display, this::evictIdleConnections);
        this.committer = new GroupCommitter(this.dataSource, new PostgresAppender(options.schema()), options.maxBatch(),
                this::evictIdleConnections);
        this.reader = new PostgresReader(jdbc, options.schema());
        this.snapshots = new PostgresSnapshots(jdbc, options.schema());
    }

    private static HikariDataSource pool(PostgresUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(url.options().maxPoolSize());
        config.setPoolName("annals-" + url.options().schema());
        // Fail an append or read within seconds, not Hikari's default 30 s, while the server is away.
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "annals");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreOpenException("Cannot open the PostgreSQL store " + url.display() + ": " + rootMessage(e), e);
        }
    }

    /**
     * After one connection turned out dead, its idle siblings most likely are too (the server restarted
     * or a network path dropped): let our own pool replace them all rather than hand them out one by one.
     * A caller's own DataSource is the caller's to manage.
     */
    private void evictIdleConnections() {
        if (ownPool != null && ownPool.getHikariPoolMXBean() != null) {
            ownPool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The options this store was opened with. */
    public PostgresOptions options() {
        return options;
    }

    @Override
    public AppendResult append(AppendRequest request) {
        ensureOpen();
        InvalidArgumentException.requireNonNull(request, "append request");
        for (NewEvent e : request.events()) {
            long size = (long) e.payload().length + e.metadata().length;
            InvalidArgumentException.require(size <= options.maxEventBytes(), "Event " + e.eventId() + " for stream " + request.stream()
                    + " has " + size + " bytes of payload and metadata, more than this store's limit of " + options.maxEventBytes()
                    + " (option maxEventBytes); nothing was stored");
        }
        return committer.append(request);
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        ensureOpen();
        return reader.readStream(stream, afterVersion, limit);
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        ensureOpen();
        return reader.currentVersion(stream);
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        ensureOpen();
        return reader.readAll(afterPosition, limit);
    }

    @Override
    public List<StoredEvent> readAllBackward(long beforePosition, int limit) {
        ensureOpen();
        return reader.readAllBackward(beforePosition, limit);
    }

    @Override
    public long headPosition() {
        ensureOpen();
        return reader.headPosition();
    }

    @Override
    public List<StreamInfo> listStreams(@Nullable String afterStream, int limit) {
        ensureOpen();
        return reader.listStreams(afterStream, limit);
    }

    @Override
    public boolean saveSnapshot(StoredSnapshot snapshot, int retain) {
        ensureOpen();
        InvalidArgumentException.requireNonNull(snapshot, "snapshot");
        InvalidArgumentException.require(retain >= 1, "snapshot retention must be >= 1, was " + retain);
        return snapshots.save(snapshot, retain);
    }

    @Override
    public List<StoredSnapshot> snapshots(String stream) {
        ensureOpen();
        return snapshots.all(stream);
    }

    @Override
    public Optional<StoredSnapshot> snapshotAtOrBefore(String stream, long version) {
        ensureOpen();
        return snapshots.atOrBefore(stream, version);
    }

    @Override
    public void clearSnapshots(String stream) {
        ensureOpen();
        snapshots.clear(stream);
    }

    @Override
    public BackendStats stats() {
        ensureOpen();
        return reader.stats();
    }

    @Override
    public String describe() {
        return display;
    }

    /** Closes the pool this store owns; a caller's own {@code DataSource} is left open. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (ownPool != null) {
            ownPool.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("The PostgreSQL store " + display + " is closed");
        }
    }
}
