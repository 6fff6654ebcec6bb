package dev.annals.postgres;

import dev.annals.StoreOpenException;
import dev.annals.spi.support.UrlDurations;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * A store URL taken apart: {@code postgresql://[user[:password]@]host[:port]/database?schema=…&user=…&password=…}
 * or the same behind {@code jdbc:}. Annals' own parameters ({@code schema}, {@code poolSize}, {@code maxBatch},
 * {@code maxEventBytes}, {@code connectTimeout}, {@code operationTimeout}) become {@link PostgresOptions}; the
 * timeouts are durations such as {@code 30s}, {@code 1500ms} or {@code 2m} (a bare number is seconds; see
 * {@link UrlDurations}).
 * {@code user} and {@code password} are taken out; every other parameter is %-decoded once and handed to the
 * JDBC driver as a connection property (e.g. {@code sslmode}), never joined back into a URL, so a decoded
 * {@code &} or {@code %} stays part of its value. A driver property the URL gives wins over the one the
 * deadlines set ({@link SessionDeadlines}); a given {@code options} is appended to the deadlines' server settings.
 *
 * <p>Immutable.
 *
 * @param jdbcUrl the driver's URL, without parameters
 * @param driverProperties the driver's connection properties, decoded
 */
record PostgresUrl(String jdbcUrl, Map<String, String> driverProperties, @Nullable String user, @Nullable String password,
        PostgresOptions options, String display) {

    PostgresUrl {
        driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
    }

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
        PostgresOptions options = options(url, params);
        String display = "postgresql://" + authority + "/" + database + "?schema=" + options.schema();
        return new PostgresUrl("jdbc:postgresql://" + authority + "/" + database, params, user, password, options, display);
    }

    /** Takes Annals' own parameters out of {@code params}. */
    private static PostgresOptions options(String url, Map<String, String> params) {
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
            if (params.containsKey("connectTimeout")) {
                options = options.withConnectTimeout(UrlDurations.parse("connectTimeout", params.remove("connectTimeout")));
            }
            if (params.containsKey("operationTimeout")) {
                options = options.withOperationTimeout(UrlDurations.parse("operationTimeout", params.remove("operationTimeout")));
            }
        } catch (RuntimeException e) {
            throw new StoreOpenException("Bad parameter in the store URL '" + redact(url) + "': " + e.getMessage(), e);
        }
        return options;
    }

    /**
     * The driver properties as pgjdbc takes them: the deadlines of {@link PostgresOptions#deadlines()} and the
     * URL's own properties, which win; a new copy each time.
     */
    Properties jdbcProperties() {
        return options.deadlines().driverProperties(driverProperties);
    }

    private static Map<String, String> parseQuery(String url, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new StoreOpenException("Bad parameter '" + redact(pair) + "' in the store URL '" + redact(url) + "': expected name=value");
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
