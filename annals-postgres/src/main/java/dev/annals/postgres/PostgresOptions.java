package dev.annals.postgres;

import dev.annals.InvalidArgumentException;
import java.util.regex.Pattern;

/**
 * How a {@link PostgresBackend} uses its database.
 *
 * @param schema the PostgreSQL schema that holds Annals' tables; created on open when missing
 * @param maxPoolSize connections of the pool Annals owns (ignored for a caller's own {@code DataSource})
 * @param maxBatch the most concurrent appends committed together in one transaction (group commit); 1 turns it off
 * @param maxEventBytes the largest payload plus metadata of one event; larger events are rejected before
 *     anything is sent (PostgreSQL's own limit for one value is 1 GiB)
 */
public record PostgresOptions(String schema, int maxPoolSize, int maxBatch, int maxEventBytes) {

    // Lower-case unquoted identifiers only, so that the name means the same quoted and unquoted
    // and can be embedded in DDL without any escaping question.
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The defaults: schema {@code annals}, 8 connections, batches of up to 64 appends, events up to 64 MiB. */
    public static final PostgresOptions DEFAULTS = new PostgresOptions("annals", 8, 64, 64 << 20);

    public PostgresOptions {
        InvalidArgumentException.requireNonNull(schema, "schema");
        InvalidArgumentException.require(SCHEMA_NAME.matcher(schema).matches(),
                "schema must be a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), was '" + schema + "'");
        InvalidArgumentException.require(maxPoolSize >= 1, "maxPoolSize must be >= 1, was " + maxPoolSize);
        InvalidArgumentException.require(maxBatch >= 1, "maxBatch must be >= 1, was " + maxBatch);
        InvalidArgumentException.require(maxEventBytes >= 1, "maxEventBytes must be >= 1, was " + maxEventBytes);
    }

    public PostgresOptions withSchema(String schema) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes);
    }

    public PostgresOptions withMaxPoolSize(int maxPoolSize) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes);
    }

    public PostgresOptions withMaxBatch(int maxBatch) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes);
    }

    public PostgresOptions withMaxEventBytes(int maxEventBytes) {
        return new PostgresOptions(schema, maxPoolSize, maxBatch, maxEventBytes);
    }
}
