package dev.annals.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code annals.*} properties: which store the application opens.
 *
 * <p>Not thread-safe: bound once at startup.
 */
@ConfigurationProperties("annals")
public class AnnalsProperties {

    /** The default {@link #getUrl()}: the store the {@code annals} command opens by default, in the working directory. */
    public static final String DEFAULT_URL = "sqlite:./annals-data/annals.db";

    /**
     * The store to open: sqlite:PATH (the default, an embedded file under the working directory),
     * postgresql://HOST:PORT/DB?user=U&schema=S (a pool of its own), nats://HOST:PORT?store=S, or memory:
     * (a new empty store on every start, for tests). Not used when annals.datasource.enabled is true.
     */
    private String url = DEFAULT_URL;

    private final ApplicationDataSource datasource = new ApplicationDataSource();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public ApplicationDataSource getDatasource() {
        return datasource;
    }

    /** The store on the application's own PostgreSQL {@code DataSource}, instead of a pool of its own. */
    public static class ApplicationDataSource {

        /**
         * Whether to open the store on the application's DataSource bean (PostgreSQL, needs annals-postgres
         * on the class path) instead of annals.url. Its connections must come outside any transaction.
         */
        private boolean enabled;

        /** The PostgreSQL schema of Annals' tables on the application's DataSource; created when missing. */
        private String schema = "annals";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }
    }
}
