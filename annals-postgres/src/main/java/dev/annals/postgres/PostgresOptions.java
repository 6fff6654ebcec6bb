package dev.annals.postgres;

import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
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
 */
public record PostgresOptions(String schema, int maxPoolSize, int maxBatch, int maxEventBytes) {

    // Lower-case identifiers only, so that the quoted name is the name as written and can be embedded
    // in SQL without any escaping question; pg_ is reserved by PostgreSQL for its own schemas.
    private static final Pattern SCHEMA_NAME = Pattern.compile("(?!pg_)[a-z_][a-z0-9_]{0,62}");

    /** The defaults: schema {@code annals}, 8 connections, batches of up to 64 appends, events up to the limit of every store. */
    public static final PostgresOptions DEFAULTS = new PostgresOptions("annals", 8, 64, Limits.MAX_EVENT_BYTES);

    public PostgresOptions {
        InvalidArgumentException.requireNonNull(schema, "schema");
        InvalidArgumentException.require(SCHEMA_NAME.matcher(schema).matches(),
                "schema must be a lower-case PostgreSQL identifier ([a-z_][a-z0-9_]*, at most 63 characters, "
                        + "not starting with pg_), was " + Limits.shown(schema));
        InvalidArgumentException.require(maxPoolSize >= 1, "maxPoolSize must be >= 1, was " + maxPoolSize);
        InvalidArgumentException.require(maxBatch >= 1, "maxBatch must be >= 1, was " + maxBatch);
        InvalidArgumentException.require(maxEventBytes >= 1 && maxEventBytes <= Limits.MAX_EVENT_BYTES,
                "maxEventBytes must be from 1 to " + Limits.MAX_EVENT_BYTES + ", was " + maxEventBytes);
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

    /** The schema as it appears in SQL: always quoted, so that a reserved word names the schema too. */
    String quotedSchema() {
        return '"' + schema + '"';
    }
}
