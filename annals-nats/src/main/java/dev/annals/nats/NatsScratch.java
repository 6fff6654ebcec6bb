package dev.annals.nats;

import dev.annals.StorageException;
import dev.annals.spi.ScratchStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A new store on the same servers as a given one, with the same replicas and timeouts, under a fresh
 * name ({@code scratch<random>}); made empty by the first open. Removing it deletes its streams and
 * buckets; the given store is never touched. Thread-safe.
 */
final class NatsScratch implements ScratchStore {

    private final NatsSettings settings;
    private final AtomicBoolean removed = new AtomicBoolean();

    private NatsScratch(NatsSettings settings) {
        this.settings = settings;
    }

    static NatsScratch beside(NatsSettings original) {
        return new NatsScratch(original.withStore("scratch" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)));
    }

    @Override
    public String url() {
        return settings.url() + "&timeout=" + settings.timeout().toMillis() + "ms&duplicateWindow="
                + settings.duplicateWindow().toSeconds() + "s";
    }

    @Override
    public void close() {
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        StoreLayout layout = new StoreLayout(settings.store());
        List<String> left = new ArrayList<>();
        Options options = Options.builder().servers(settings.servers().toArray(String[]::new)).connectionTimeout(settings.timeout())
                .errorListener(new QuietErrorListener()).build();
        try (Connection connection = Nats.connect(options)) {
            JetStreamManagement jsm = connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(settings.timeout()).build());
            for (String stream : List.of(layout.eventsStream(), layout.idsStream(), "KV_" + layout.snapshotBucket(),
                    "KV_" + layout.subscriptionBucket(), layout.keysStream(), "KV_" + layout.keyBucket())) {
                try {
                    jsm.deleteStream(stream);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() != JetStreamCalls.NO_STREAM) {
                        left.add(stream + " (" + e.getErrorDescription() + ")");
                    }
                } catch (IOException e) {
                    left.add(stream + " (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new StorageException("Cannot remove the scratch store " + settings.store() + ": no connection to "
                    + String.join(",", settings.servers()) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while removing the scratch store " + settings.store(), e);
        }
        if (!left.isEmpty()) {
            throw new StorageException("The scratch store " + settings.store() + " was not removed whole; left: " + String.join(", ", left));
        }
    }
}
