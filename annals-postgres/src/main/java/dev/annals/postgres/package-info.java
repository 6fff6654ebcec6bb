/**
 * The PostgreSQL backend: {@link dev.annals.postgres.PostgresBackend}, opened by
 * {@code postgresql://…} URLs through {@link dev.annals.postgres.PostgresBackendProvider}.
 */
@NullMarked
package dev.annals.postgres;

import org.jspecify.annotations.NullMarked;
