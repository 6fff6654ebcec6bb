package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.RepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link RepositoryContract} on a store of a single nats-server. */
class NatsRepositoryConformanceTest extends RepositoryContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
