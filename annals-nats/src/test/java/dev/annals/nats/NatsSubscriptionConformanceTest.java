package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link SubscriptionContract} on a store of a single nats-server. */
class NatsSubscriptionConformanceTest extends SubscriptionContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
