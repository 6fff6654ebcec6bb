package dev.annals.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.jspecify.annotations.Nullable;

/**
 * One JDBC connection to the store's file with its prepared statements cached by SQL text, so a
 * statement is parsed once per connection.
 *
 * <p>Not thread-safe: one thread at a time (the writer's lock or the reader pool sees to it).
 */
final class SqliteConnection implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private SqliteConnection(Connection connection) {
        this.connection = connection;
    }

    /** The single connection that writes: WAL, the requested durability. */
    static SqliteConnection openWriter(Path file, SqliteOptions options) throws SQLException {
        SQLiteConfig config = baseConfig(options);
        config.setSynchronous(options.synchronous() == SqliteOptions.Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        return new SqliteConnection(config.createConnection(url(file)));
    }

    /** A connection that only reads; in WAL mode it never waits for the writer. */
    static SqliteConnection openReader(Path file, SqliteOptions options) throws SQLException {
        SQLiteConfig config = baseConfig(options);
        config.setReadOnly(false); // a read-only open cannot create the WAL index; query_only guards instead
        SqliteConnection reader = new SqliteConnection(config.createConnection(url(file)));
        try {
            reader.execute("PRAGMA query_only = 1");
            return reader;
        } catch (SQLException e) {
            reader.close();
            throw e;
        }
    }

    private static SQLiteConfig baseConfig(SqliteOptions options) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-16_384); // 16 MiB of page cache per connection
        return config;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** The JDBC connection itself, for work that is not this store's own (a projection's writes). */
    Connection jdbc() {
        return connection;
    }

    /** The cached statement for {@code sql}; its parameters and result are the caller's until it is reused. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Runs a cached statement without parameters or results, such as {@code SAVEPOINT} or {@code COMMIT}. */
    void execute(String sql) throws SQLException {
        try {
            prepare(sql).execute();
        } catch (SQLException e) {
            forget(sql);
            throw e;
        }
    }

    /**
     * Closes and drops the cached statement for {@code sql}, so that its next use prepares it anew. Called
     * when it failed: the driver may leave a statement that failed unusable (after a {@code COMMIT} that
     * failed on a full disk, every later use said "statement is not executing", which kept the store from
     * ever writing again).
     */
    void forget(String sql) {
        PreparedStatement statement = statements.remove(sql);
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // dropped either way
            }
        }
    }

    /** Runs a statement that is not cached (schema changes, pragmas). */
    void executeOnce(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The first column of the first row of a cached query with {@code parameters}, or {@code null}
     * when there is no row or it is NULL.
     */
    @Nullable Long queryLong(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = prepare(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            long value = rows.getLong(1);
            return rows.wasNull() ? null : value;
        } catch (SQLException e) {
            forget(sql);
            throw e;
        }
    }

    /** Runs a cached insert, update or delete with {@code parameters}; returns the number of rows it changed. */
    int update(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = prepare(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        try {
            return statement.executeUpdate();
        } catch (SQLException e) {
            forget(sql);
            throw e;
        }
    }

    /** Like {@link #queryLong}, with {@code ifNone} when there is no row or it is NULL. */
    long queryLongOr(long ifNone, String sql, Object... parameters) throws SQLException {
        Long value = queryLong(sql, parameters);
        return value == null ? ifNone : value;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing the connection below releases it anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
