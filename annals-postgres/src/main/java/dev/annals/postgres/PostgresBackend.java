package dev.annals.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.annals.DeleteMode;
import dev.annals.StreamState;
import dev.annals.AppendResult;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.AppendRequest;
import dev.annals.spi.BackendStats;
import dev.annals.spi.Capability;
import dev.annals.spi.KeyStorage;
import dev.annals.spi.NewEvent;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL backend (PostgreSQL 13 or newer), in its own schema.
 *
 * <p>Opened by URL ({@code postgresql://host[:port]/database?user=…&password=…&schema=annals}, also
 * behind {@code jdbc:}), in which case it owns a HikariCP pool and closes it on {@link #close}; or over the
 * caller's own {@link DataSource}, which it uses but never closes. Opening creates or migrates the schema.
 *
 * <p>A caller's own {@code DataSource} is configured by the caller, deadlines included: give its connections
 * the driver's {@code connectTimeout}, {@code socketTimeout} (a little above the statement timeout) and
 * {@code tcpKeepAlive}, and the server settings {@code statement_timeout} and
 * {@code idle_in_transaction_session_timeout} (below the statement timeout), e.g. through the driver's
 * {@code options} property; {@link PostgresOptions#operationTimeout()} then only bounds how long appends wait
 * for one another. Its connections must come outside any transaction: one inside an open transaction is
 * refused (the store commits its writes on its own and would commit that transaction too); one with
 * auto-commit off is used with auto-commit on and handed back with it off.
 *
 * <p>What it guarantees, beyond the {@link StorageBackend} contract:
 * <ul>
 *   <li>Global positions are strictly increasing in commit order and never given twice; {@link #readAll}
 *       never skips an event that commits later (how: {@link PostgresAppender}).</li>
 *   <li>A lone append is one round trip; concurrent appends share one transaction (group commit,
 *       {@link AppendBatch}). {@link #appendAll} runs in a transaction of its own.</li>
 *   <li>When the connection fails while an append may be committing, {@link #append} throws
 *       {@link dev.annals.AppendOutcomeUnknownException}; retrying it with the same event ids is safe.</li>
 *   <li>No operation waits without bound: connecting and waiting for a free connection take at most
 *       {@link PostgresOptions#connectTimeout()}, a statement at most {@link PostgresOptions#operationTimeout()}
 *       on the server (then nothing of it is stored), and a server that stops answering is given up a little
 *       later (an append then has an unknown outcome); a session that holds the append lock while its client
 *       has vanished is ended by the server after half the operation timeout. How: {@link SessionDeadlines}.
 *       An append queued behind others waits for one stuck batch at most, then fails, not stored.</li>
 *   <li>A value PostgreSQL refuses or an event larger than {@link PostgresOptions#maxEventBytes()} is an
 *       {@link InvalidArgumentException}, and nothing of that append is stored.</li>
 *   <li>Subscriptions keep their checkpoints, leases and parked events in the same schema
 *       ({@link PostgresSubscriptions}); live events arrive by {@code LISTEN/NOTIFY} ({@link AppendListener});
 *       a projection's writes commit with its checkpoint ({@link PostgresProjections}).</li>
 * </ul>
 *
 * <p>Payloads, metadata and snapshot states are stored as {@code bytea}: exactly the bytes given, never
 * parsed or normalized (as {@code jsonb} would), so idempotent retries and integrity hashes compare the
 * same bytes, any codec works, and writing costs no JSON parsing on the server.
 *
 * <p>Thread-safe.
 */
public final class PostgresBackend implements StorageBackend {

    /** Batches a group-commit leader runs for others after its own, before it hands leadership on. */
    private static final int EXTRA_BATCHES = 4;

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownPool;
    private final PostgresOptions options;
    private final String display;
    private final GroupCommit<AppendRequest, AppendResult> committer;
    private final MultiStreamAppender multiStream;
    private final PostgresReader reader;
    private final PostgresSnapshots snapshots;
    private final PostgresRemovals removals;
    private final PostgresKeys keys;
    private final AppendListener listener;
    private final PostgresSubscriptions subscriptions;
    private final PostgresProjections projections;
    private final PostgresSettings settings;
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
                InvalidArgumentException.requireNonNull(options, "options"), "postgresql:(DataSource)?schema=" + options.schema(),
                null);
    }

    private PostgresBackend(PostgresUrl url) {
        this(null, pool(url), url.options(), url.display(), url);
    }

    /** @param url where the listener connects on its own, outside the pool; null: it holds a connection of the pool */
    private PostgresBackend(@Nullable DataSource dataSource, @Nullable HikariDataSource ownPool, PostgresOptions options, String display,
            @Nullable PostgresUrl url) {
        this.dataSource = dataSource != null ? dataSource : java.util.Objects.requireNonNull(ownPool);
        this.ownPool = ownPool;
        this.options = options;
        this.display = display;
        try {
            PostgresSchema.migrate(this.dataSource, options, display);
        } catch (RuntimeException e) {
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
        Jdbc jdbc = new Jdbc(this.dataSource, display, this::evictIdleConnections);
        PostgresAppender appender = new PostgresAppender(options.quotedSchema());
        SessionDeadlines deadlines = options.deadlines();
        this.committer = new GroupCommit<>(new AppendBatch(this.dataSource, appender, display, this::evictIdleConnections,
                deadlines.connectMillis()), options.maxBatch(), EXTRA_BATCHES, this::closedError, deadlines.queuedDeadline(),
                deadlines.batchBackstop());
        this.multiStream = new MultiStreamAppender(this.dataSource, appender, display, this::evictIdleConnections);
        this.reader = new PostgresReader(jdbc, options.quotedSchema());
        this.snapshots = new PostgresSnapshots(jdbc, options);
        this.removals = new PostgresRemovals(jdbc, options);
        this.keys = new PostgresKeys(jdbc, options.quotedSchema());
        DataSource pooled = this.dataSource;
        AppendListener.Connector connector = url != null ? () -> listenerConnection(url) : pooled::getConnection;
        this.listener = new AppendListener(connector, PostgresSchema.channel(options.schema()), reader::headPosition);
        this.subscriptions = new PostgresSubscriptions(jdbc, options.quotedSchema(), listener, this::ensureOpen);
        this.projections = new PostgresProjections(this.dataSource, subscriptions, display, this::ensureOpen);
        this.settings = new PostgresSettings(jdbc);
    }

    /**
     * A connection for the listener alone, so that it takes no slot of the pool: the URL's properties,
     * with the store's deadlines (see {@link SessionDeadlines}) so that neither connecting nor a statement can hang.
     */
    private static Connection listenerConnection(PostgresUrl url) throws SQLException {
        Properties properties = url.jdbcProperties();
        String user = url.user();
        String password = url.password();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "annals-listener");
        Connection c = new Driver().connect(url.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("pgjdbc does not accept " + url.display());
        }
        return c;
    }

    private static HikariDataSource pool(PostgresUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        // Passed as properties, never joined back into the URL, so every value reaches the driver as given.
        config.addDataSourceProperty("ApplicationName", "annals");
        // The deadlines (connect, socket, the server's statement and idle-in-transaction timeouts), then the URL's own.
        url.jdbcProperties().forEach((name, value) -> config.addDataSourceProperty((String) name, value));
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(url.options().maxPoolSize());
        config.setPoolName("annals-" + url.options().schema());
        // Waiting for a connection (a new one, or a free one of an exhausted pool) is bounded by connectTimeout.
        long connectMillis = url.options().deadlines().connectMillis();
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(250, Math.min(5_000, connectMillis / 2)));
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
        for (Throwable cause = t.getCause(); cause != null && cause != t; cause = t.getCause()) {
            t = cause;
        }
        return String.valueOf(t.getMessage());
    }

    /** The options this store was opened with. */
    public PostgresOptions options() {
        return options;
    }

    @Override
    public AppendResult append(AppendRequest request) {
        ensureOpen();
        checkSizes(request);
        return committer.submit(request);
    }

    @Override
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        ensureOpen();
        requests.forEach(this::checkSizes);
        return multiStream.appendAll(requests);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.MULTI_STREAM_APPEND, Capability.SUBSCRIPTIONS, Capability.TRANSACTIONAL_CHECKPOINTS,
                Capability.SCRATCH_STORES, Capability.KEY_STORAGE, Capability.DELETE_STREAMS, Capability.TRUNCATE_STREAMS);
    }

    @Override
    public Optional<SubscriptionStorage> subscriptionStorage() {
        return Optional.of(subscriptions);
    }

    /** The data keys in the table {@code data_keys}; see {@link PostgresKeys} for how a forgotten key's bytes are erased. */
    @Override
    public Optional<KeyStorage> keyStorage() {
        return Optional.of(keys);
    }

    @Override
    public Optional<TransactionalCheckpoints> transactionalCheckpoints() {
        return Optional.of(projections);
    }

    /** The group commit of single-stream appends. */
    @Override
    public Optional<GroupCommit<?, ?>> groupCommit() {
        return Optional.of(committer);
    }

    /** The HikariCP pool opened from a URL; empty over a caller's {@code DataSource}. */
    @Override
    public Optional<DataSource> ownedPool() {
        return Optional.ofNullable(ownPool);
    }

    /**
     * The server settings that decide commit speed and durability ({@code synchronous_commit},
     * {@code wal_sync_method}, {@code commit_delay}, {@code fsync}, …), as this store's connections see them.
     */
    @Override
    public Map<String, String> settings() {
        ensureOpen();
        return settings.read();
    }

    /** Appends waiting for the next group-commit batch; for tests. */
    int queuedAppends() {
        return committer.queued();
    }

    /** The listener of new events; for tests. */
    AppendListener listener() {
        return listener;
    }

    private void checkSizes(AppendRequest request) {
        for (NewEvent e : request.events()) {
            InvalidArgumentException.require(e.sizeBytes() <= options.maxEventBytes(), "event " + e.eventId() + " for stream "
                    + Limits.shown(request.stream()) + " has " + e.sizeBytes() + " bytes of payload and metadata, more than this "
                    + "store's limit of " + options.maxEventBytes() + " (option maxEventBytes); nothing was stored");
        }
    }

    @Override
    public List<StoredEvent> readStream(String stream, long afterVersion, int limit) {
        ensureOpen();
        return reader.readStream(stream, afterVersion, limit).events();
    }

    /** One query: the state comes with the page's rows. */
    @Override
    public StreamPage readStreamPage(String stream, long afterVersion, int limit) {
        ensureOpen();
        return reader.readStream(stream, afterVersion, limit);
    }

    @Override
    public OptionalLong currentVersion(String stream) {
        ensureOpen();
        return reader.currentVersion(stream);
    }

    @Override
    public StreamState streamState(String stream) {
        ensureOpen();
        return removals.state(stream);
    }

    /** One transaction holding the append lock; see {@link PostgresRemovals}. */
    @Override
    public void deleteStream(String stream, long expectedVersion, DeleteMode mode) {
        ensureOpen();
        removals.delete(stream, expectedVersion, mode);
    }

    /** One transaction holding the append lock; see {@link PostgresRemovals}. */
    @Override
    public void restoreStreamState(String stream, StreamState state) {
        ensureOpen();
        removals.restore(stream, state);
    }

    @Override
    public List<StoredStreamState> streamStates(@Nullable String afterStream, int limit) {
        ensureOpen();
        return removals.list(afterStream, limit);
    }

    /** One transaction holding the append lock; see {@link PostgresRemovals}. */
    @Override
    public void truncateBefore(String stream, long beforeVersion) {
        ensureOpen();
        removals.truncate(stream, beforeVersion);
    }

    @Override
    public List<StoredEvent> readAll(long afterPosition, int limit) {
        ensureOpen();
        return reader.readAll(afterPosition, limit);
    }

    @Override
    public LogPage readAll(long afterPosition, int limit, LogFilter filter) {
        ensureOpen();
        return filter.isAll() ? StorageBackend.super.readAll(afterPosition, limit, filter) : reader.readAll(afterPosition, limit, filter);
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

    /**
     * Stops the listener of new events and closes the pool this store owns once the running group
     * commit is done; a caller's own {@code DataSource} is left open. Appends still queued fail as closed.
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        listener.close();
        committer.close(() -> {
            if (ownPool != null) {
                ownPool.close();
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private StorageException closedError() {
        return new StorageException("The PostgreSQL store " + display + " is closed");
    }
}
