package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link BackendSnapshotStoreContract} on a store with three replicas on a 3-node cluster. */
class NatsClusterSnapshotStoreConformanceTest extends BackendSnapshotStoreContract {

    @RegisterExtension
    static final NatsClusterFixture FIXTURE = new NatsClusterFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
