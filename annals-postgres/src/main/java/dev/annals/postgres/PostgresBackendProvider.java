package dev.annals.postgres;

import dev.annals.spi.BackendProvider;
import dev.annals.spi.StorageBackend;

/** Opens {@link PostgresBackend} for {@code postgresql://…} and {@code jdbc:postgresql://…} URLs. Stateless. */
public final class PostgresBackendProvider implements BackendProvider {

    @Override
    public String urlForm() {
        return "postgresql://HOST[:PORT]/DATABASE?user=…&password=…&schema=annals";
    }

    @Override
    public boolean accepts(String url) {
        return PostgresUrl.accepts(url);
    }

    @Override
    public StorageBackend open(String url) {
        return new PostgresBackend(url);
    }
}
