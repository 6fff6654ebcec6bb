/**
 * The embedded default backend: {@link dev.annals.sqlite.SqliteBackend}, one SQLite file in WAL
 * mode with durable group commit, opened by {@code sqlite:PATH} URLs through
 * {@link dev.annals.sqlite.SqliteBackendProvider} or by its constructor. Only those two classes and
 * {@link dev.annals.sqlite.SqliteOptions} are API; the rest is package-private.
 */
@NullMarked
package dev.annals.sqlite;

import org.jspecify.annotations.NullMarked;
