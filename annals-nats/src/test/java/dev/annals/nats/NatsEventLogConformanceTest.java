package dev.annals.nats;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.EventLogContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link EventLogContract} on a store of a single nats-server. */
class NatsEventLogConformanceTest extends EventLogContract {

    @RegisterExtension
    static final NatsFixture FIXTURE = new NatsFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
