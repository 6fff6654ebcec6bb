package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.EventLogContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link EventLogContract} on a store with three replicas on a 3-node cluster. */
class NatsClusterEventLogConformanceTest extends EventLogContract {

    @RegisterExtension
    static final NatsClusterFixture FIXTURE = new NatsClusterFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
