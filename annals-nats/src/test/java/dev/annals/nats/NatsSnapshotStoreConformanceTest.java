package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link BackendSnapshotStoreContract} on a store of a single nats-server. */
class NatsSnapshotStoreConformanceTest extends BackendSnapshotStoreContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
