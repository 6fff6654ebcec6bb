package dev.annals.nats;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The conformance kit's fixture: a fresh store (its own JetStream streams and bucket) on the tests'
 * single nats-server, shared by the tests of a class (the suites use fresh stream ids). Not durable in
 * the kit's sense: the kit removes single events from storage, and a NATS commit holds all the events of
 * an append in one message; {@code NatsPositionsTest} shows positions are never given twice after the
 * newest commits are deleted. The store is opened on first use (jqwik does not call JUnit's callbacks)
 * and closed after the class. Thread-safe.
 */
final class NatsFixture implements AnnalsFixture, AfterAllCallback {

    private Annals annals;

    @Override
    public synchronized Annals annals() {
        if (annals == null) {
            annals = new Annals(openStore("kit" + UUID.randomUUID().toString().substring(0, 8)));
        }
        return annals;
    }

    static NatsBackend openStore(String store) {
        return NatsBackend.open(NatsSettings.parse(TestServers.single().url() + "?store=" + store), true);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (annals != null) {
            annals.close();
            annals = null;
        }
    }
}
