package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link SubscriptionContract} on a store with three replicas on a 3-node cluster. */
class NatsClusterSubscriptionConformanceTest extends SubscriptionContract {

    @RegisterExtension
    static final NatsClusterFixture FIXTURE = new NatsClusterFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
