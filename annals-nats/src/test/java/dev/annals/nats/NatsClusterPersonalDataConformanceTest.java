package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.PersonalDataContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit's {@link PersonalDataContract} on a store with three replicas on a 3-node cluster: the
 * key stream's first-stored-wins reads and its erasing deletes, replicated.
 */
class NatsClusterPersonalDataConformanceTest extends PersonalDataContract {

    @RegisterExtension
    static final NatsClusterFixture FIXTURE = new NatsClusterFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
