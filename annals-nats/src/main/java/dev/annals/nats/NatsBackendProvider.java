package dev.annals.nats;

import dev.annals.spi.BackendProvider;
import dev.annals.spi.ScratchStore;
import dev.annals.spi.StorageBackend;

/**
 * Opens {@link NatsBackend} for {@code nats://HOST:PORT[,HOST:PORT...]?store=NAME&replicas=N&timeout=5s&duplicateWindow=2m}
 * (see {@link NatsSettings}). Stateless and thread-safe.
 */
public final class NatsBackendProvider implements BackendProvider {

    static final String URL_FORM = "nats://HOST:PORT[,HOST:PORT...][?store=NAME&replicas=N&timeout=5s&duplicateWindow=2m]";

    @Override
    public String urlForm() {
        return URL_FORM;
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("nats://");
    }

    @Override
    public StorageBackend open(String url) {
        return NatsBackend.open(NatsSettings.parse(url), true);
    }

    /** A fresh store on the same servers, under a new name; see {@link NatsScratch}. */
    @Override
    public ScratchStore scratch(String url) {
        return NatsScratch.beside(NatsSettings.parse(url));
    }

    /** Refuses a store whose JetStream stream does not exist instead of creating it. */
    @Override
    public StorageBackend openExisting(String url) {
        return NatsBackend.open(NatsSettings.parse(url), false);
    }
}
