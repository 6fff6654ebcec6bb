package dev.annals.nats;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The conformance kit's fixture on the tests' 3-node cluster: a fresh store with three replicas of
 * every stream and bucket, shared by the tests of a class. As {@link NatsFixture}, not durable in the
 * kit's sense. Thread-safe.
 */
final class NatsClusterFixture implements AnnalsFixture, AfterAllCallback {

    private Annals annals;

    @Override
    public synchronized Annals annals() {
        if (annals == null) {
            String store = "kitr3" + UUID.randomUUID().toString().substring(0, 8);
            annals = new Annals(NatsBackend.open(NatsSettings.parse(TestServers.cluster().url("store=" + store + "&replicas=3")), true));
        }
        return annals;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (annals != null) {
            annals.close();
            annals = null;
        }
    }
}
