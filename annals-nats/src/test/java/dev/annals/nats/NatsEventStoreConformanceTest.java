package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendEventStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link BackendEventStoreContract} on a store of a single nats-server. */
class NatsEventStoreConformanceTest extends BackendEventStoreContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
