package dev.annals.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: {@code ANNALS_PG_URL} when set (e.g.
 * {@code postgresql://127.0.0.1:5432/test?user=postgres}), otherwise an embedded server started once per
 * JVM. Each test class takes schemas of its own from {@link #newSchema}, so tests never see each
 * other's data.
 */
final class PgServer {

    private static PgServer instance;

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;
    final boolean embedded;

    private PgServer(String host, int port, String database, String user, String password, boolean embedded) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static synchronized PgServer get() {
        if (instance == null) {
            String url = System.getenv("ANNALS_PG_URL");
            instance = url == null || url.isBlank() ? embedded() : fromUrl(url);
        }
        return instance;
    }

    private static PgServer fromUrl(String url) {
        PostgresUrl parsed = PostgresUrl.parse(url);
        String rest = parsed.jdbcUrl().substring("jdbc:postgresql://".length());
        String authority = rest.substring(0, rest.indexOf('/'));
        String database = rest.substring(rest.indexOf('/') + 1).replaceAll("\\?.*", "");
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(authority.substring(colon + 1));
        return new PgServer(host, port, database, parsed.user() == null ? "postgres" : parsed.user(), parsed.password(), false);
    }

    private static PgServer embedded() {
        EmbeddedPostgres pg = EmbeddedServer.start(0, null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // The JVM is going away; the temporary data directory goes with the server.
            }
        }));
        return new PgServer("localhost", pg.getPort(), "postgres", "postgres", null, true);
    }

    /** A fresh schema name for {@code owner}, unique across runs and classes. */
    static String newSchema(Class<?> owner) {
        String base = owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        base = base.substring(0, Math.min(base.length(), 40));
        return "t_" + base + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** The store URL of {@code schema} on this server, with extra {@code params} ("k=v&…"). */
    String url(String schema, String params) {
        return url(host, port, schema, params);
    }

    /** The store URL of {@code schema} reached at {@code host:port} (e.g. through a proxy). */
    String url(String host, int port, String schema, String params) {
        return "postgresql://" + host + ":" + port + "/" + database + "?user=" + user
                + (password == null ? "" : "&password=" + password) + "&schema=" + schema + (params.isEmpty() ? "" : "&" + params);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    void dropSchema(String schema) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test schema " + schema, e);
        }
    }
}
