package dev.annals.postgres;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a {@link PostgresBackend} uses its database.
 *
 * @param schema the PostgreSQL schema that holds Annals' tables; created on open when missing. A
 *     lower-case identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters, not starting with
 *     {@code pg_}); it is always quoted in SQL, so a reserved word such as {@code select} works too
 * @param maxPoolSize connections of the pool Annals owns (ignored for a caller's own {@code DataSource})
 * @param maxBatch the most concurrent appends committed together in one transaction (group commit); 1 turns it off
 * @param maxEventBytes the largest payload plus metadata of one event, at most {@link Limits#MAX_EVENT_BYTES}
 *     (the limit of every store); larger events are rejected before anything is sent
 * @param connectTimeout how long opening a connection, or waiting for a free one of the pool, may take
 *     (from 1 s to 1 h; whole seconds are given to the driver, rounded up)
 * @param operationTimeout how long one statement may run on the server, waits for locks included, before
 *     it is cancelled and nothing of it is stored (from 1 s to 24 h). The store derives its other deadlines
 *     from it: see {@link SessionDeadlines}. Both apply to connections the store opens itself (opened by
 *     URL); a caller's own {@code DataSource} must configure its connections itself (see {@link PostgresBackend})
 */
public record PostgresOptions(String schema, int maxPoolSize, int maxBatch, int maxEventBytes, Duration connectTimeout,
        Duration operationTimeout) {

    // Lower-case identifiers only, so that the quoted name is the name as written and can be embedded
    // in SQL without any escaping question; pg_ is reserved by PostgreSQL for its own schemas.
    private static final Pattern SCHEMA_NAME = Pattern.compile("(?!pg_)[a-z_][a-z0-9_]{0,62}");

    /** The default {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The default {@link #operationTimeout()}. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The defaults: schema {@code annals}, 8 connections, batches of up to 64 appends, events up to the limit of
     * every store, 10 s to connect, 30 s per operation.
     */
    public static final PostgresOptions DEFAULTS = new PostgresOptions("annals", 8, 64, Limits.MAX_EVENT_BYTES);

    /** The options with the default deadlines. */
    public PostgresOptions(String schema, int maxPoolSize, int maxBatch, int maxEventBytes) {
        this(schema, maxPoolSize, maxBatch, maxEventBytes, DEFAULT_CONNECT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT);
    }

    public PostgresOptions {
        InvalidArgumentException.requireNonNull(schema, "schema");
        InvalidArgumentException.require(SCHEMA_NAME.matcher(schema).matches(),
                "schema must be a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63 characters, "
                        + "not starting with pg_), was " + Limits.shown(schema));
        InvalidArgumentException.require(maxPoolSize >= 1, "maxPoolSize must be >= 1, was " + maxPoolSize);
        InvalidArgumentException.require(maxBatch >= 1, "maxBatch must be >= 1, was " + maxBatch);
        InvalidArgumentException.require(maxEventBytes >= 1 && maxEventBytes <= Limits.MAX_EVENT_BYTES,
                "maxEventBytes must be from 1 to " + Limits.MAX_EVENT_BYTES + ", was " + maxEventBytes);
        InvalidArgumentException.requireNonNull(connectTimeout, "connectTimeout");
        InvalidArgumentException.requireNonNull(operationTimeout, "operationTimeout");
        InvalidArgumentException.require(connectTimeout.compareTo(Duration.ofSeconds(1)) >= 0 && connectTimeout.compareTo(Duration.ofHours(1)) <= 0,
                "connectTimeout must be from 1 s to 1 h, was " + connectTimeout);
        InvalidArgumentException.require(operationTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                && operationTimeout.compareTo(Duration.ofHours(24)) <= 0, "operationTimeout must be from 1 s to 24 h, was " + operationTimeout);
    }

    public PostgresOptions withSchema(String schema) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    public PostgresOptions withMaxPoolSize(int maxPoolSize) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    public PostgresOptions withMaxBatch(int maxBatch) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    public PostgresOptions withMaxEventBytes(int maxEventBytes) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    public PostgresOptions withConnectTimeout(Duration connectTimeout) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    public PostgresOptions withOperationTimeout(Duration operationTimeout) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes, connectTimeout, operationTimeout);
    }

    /** The deadlines derived from {@link #connectTimeout()} and {@link #operationTimeout()}. */
    SessionDeadlines deadlines() {
        return new SessionDeadlines(connectTimeout, operationTimeout);
    }

    /** The schema as it appears in SQL: always quoted, so that a reserved word names the schema too. */
    String quotedSchema() {
        return '"' + schema + '"';
    }
}
