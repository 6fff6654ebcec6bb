package dev.annals.postgres;

import dev.annals.spi.BackendProvider;
import dev.annals.spi.ScratchStore;
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

    /**
     * A new, empty schema {@code annals_scratch_<random>} on the server and database {@code url} names,
     * reached as {@code url} says; the schema {@code url} names is not opened.
     */
    @Override
    public ScratchStore scratch(String url) {
        return PostgresScratch.beside(url);
    }
}
