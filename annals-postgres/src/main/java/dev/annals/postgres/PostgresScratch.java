package dev.annals.postgres;

import dev.annals.StorageException;
import dev.annals.StoreOpenException;
import dev.annals.spi.ScratchStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.Driver;

/**
 * A new schema {@code annals_scratch_<random>} on the server and database of a given store URL, reached
 * with the same user and driver parameters, so the same server settings hold for it. The schema is
 * created empty when the scratch store is made (which also reserves its name) and dropped with
 * everything in it on {@link #close}. Each of the two is one short connection of its own with
 * deadlines, never one of a store's pool. Thread-safe.
 */
final class PostgresScratch implements ScratchStore {

    static final String PREFIX = "annals_scratch_";

    /** Deadlines of the scratch store's own connections: connecting, and any one statement or lock wait. */
    private static final int CONNECT_SECONDS = 10;
    private static final int STATEMENT_SECONDS = 60;

    private final PostgresUrl target;
    private final String url;
    private final AtomicBoolean removed = new AtomicBoolean();

    private PostgresScratch(PostgresUrl target, String url) {
        this.target = target;
        this.url = url;
    }

    /** Creates a new, empty schema beside the store {@code url} names; that store is not opened. */
    static PostgresScratch beside(String url) {
        PostgresUrl.parse(url);
        String schema = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String scratchUrl = withSchema(url, schema);
        PostgresScratch scratch = new PostgresScratch(PostgresUrl.parse(scratchUrl), scratchUrl);
        scratch.run("CREATE SCHEMA " + scratch.target.options().quotedSchema(), "create");
        return scratch;
    }

    /** {@code url} with its {@code schema} parameter, if any, replaced by {@code schema}; every other part as given. */
    static String withSchema(String url, String schema) {
        int query = url.indexOf('?');
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&", -1)) {
                String name = pair.substring(0, Math.max(pair.indexOf('='), 0));
                if (!pair.isEmpty() && !URLDecoder.decode(name, StandardCharsets.UTF_8).equals("schema")) {
                    kept.add(pair);
                }
            }
        }
        kept.add("schema=" + schema);
        return (query < 0 ? url : url.substring(0, query)) + "?" + String.join("&", kept);
    }

    @Override
    public String url() {
        return url;
    }

    /** The schema that holds this store. */
    String schema() {
        return target.options().schema();
    }

    /** Drops the schema with everything in it; waits at most a minute for a lock a straggling connection holds. */
    @Override
    public void close() {
        if (removed.compareAndSet(false, true)) {
            run("DROP SCHEMA IF EXISTS " + target.options().quotedSchema() + " CASCADE", "remove");
        }
    }

    private void run(String sql, String what) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.setQueryTimeout(STATEMENT_SECONDS);
            s.execute("SET lock_timeout = '" + STATEMENT_SECONDS + "s'");
            s.execute(sql);
        } catch (SQLException e) {
            String message = "Cannot " + what + " the scratch store " + target.display() + ": " + PostgresErrors.message(e)
                    + " (SQLState " + e.getSQLState() + ")";
            throw what.equals("create") ? new StoreOpenException(message, e) : new StorageException(message, e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = target.jdbcProperties();
        String user = target.user();
        String password = target.password();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "annals-scratch");
        properties.putIfAbsent("connectTimeout", String.valueOf(CONNECT_SECONDS));
        properties.putIfAbsent("loginTimeout", String.valueOf(CONNECT_SECONDS));
        properties.putIfAbsent("socketTimeout", String.valueOf(STATEMENT_SECONDS + 10));
        Connection c = new Driver().connect(target.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("pgjdbc does not accept " + target.display());
        }
        return c;
    }

    @Override
    public String toString() {
        return "PostgresScratch[" + target.display() + "]";
    }
}
