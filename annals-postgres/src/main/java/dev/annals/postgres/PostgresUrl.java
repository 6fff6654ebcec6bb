package dev.annals.postgres;

import dev.annals.StoreOpenException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A store URL taken apart: {@code postgresql://[user[:password]@]host[:port]/database?schema=…&user=…&password=…}
 * or the same behind {@code jdbc:}. Annals' own parameters ({@code schema}, {@code poolSize}, {@code maxBatch},
 * {@code maxEventBytes}) become {@link PostgresOptions}; {@code user} and {@code password} are taken out;
 * every other parameter is passed to the JDBC driver unchanged (e.g. {@code sslmode}).
 *
 * <p>Immutable.
 */
record PostgresUrl(String jdbcUrl, @Nullable String user, @Nullable String password, PostgresOptions options, String display) {

    static boolean accepts(String url) {
        return url.startsWith("postgresql://") || url.startsWith("jdbc:postgresql://") || url.startsWith("postgres://");
    }

    /** Parses {@code url}; fails with {@link StoreOpenException} naming the URL and what is wrong with it. */
    static PostgresUrl parse(String url) {
        if (!accepts(url)) {
            throw new StoreOpenException("Not a PostgreSQL store URL: '" + redact(url) + "' (expected postgresql://host[:port]/database?schema=…)");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int query = rest.indexOf('?');
        String authorityAndPath = query < 0 ? rest : rest.substring(0, query);
        Map<String, String> params = query < 0 ? new LinkedHashMap<>() : parseQuery(url, rest.substring(query + 1));
        int slash = authorityAndPath.indexOf('/');
        String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
        String database = slash < 0 ? "" : authorityAndPath.substring(slash + 1);
        @Nullable String user = null;
        @Nullable String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (authority.isEmpty() || database.isEmpty()) {
            throw new StoreOpenException("The store URL '" + redact(url) + "' must name a host and a database: postgresql://host[:port]/database");
        }
        user = params.containsKey("user") ? params.remove("user") : user;
        password = params.containsKey("password") ? params.remove("password") : password;
        PostgresOptions options = PostgresOptions.DEFAULTS;
        try {
            if (params.containsKey("schema")) {
                options = options.withSchema(params.remove("schema"));
            }
            if (params.containsKey("poolSize")) {
                options = options.withMaxPoolSize(Integer.parseInt(params.remove("poolSize")));
            }
            if (params.containsKey("maxBatch")) {
                options = options.withMaxBatch(Integer.parseInt(params.remove("maxBatch")));
            }
            if (params.containsKey("maxEventBytes")) {
                options = options.withMaxEventBytes(Integer.parseInt(params.remove("maxEventBytes")));
            }
        } catch (RuntimeException e) {
            throw new StoreOpenException("Bad parameter in the store URL '" + redact(url) + "': " + e.getMessage(), e);
        }
        List<String> driverParams = new ArrayList<>();
        params.forEach((k, v) -> driverParams.add(k + "=" + v));
        String jdbcUrl = "jdbc:postgresql://" + authority + "/" + database
                + (driverParams.isEmpty() ? "" : "?" + String.join("&", driverParams));
        String display = "postgresql://" + authority + "/" + database + "?schema=" + options.schema();
        return new PostgresUrl(jdbcUrl, user, password, options, display);
    }

    private static Map<String, String> parseQuery(String url, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new StoreOpenException("Bad parameter '" + pair + "' in the store URL '" + redact(url) + "': expected name=value");
            }
            params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StoreOpenException("The store URL has a malformed %-escape; escape '%' as %25");
        }
    }

    /** The URL with any password replaced, for messages. */
    static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***").replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@");
    }
}
