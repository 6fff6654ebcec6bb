package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link SubscriptionContract} on a durable SQLite file. */
class SqliteSubscriptionConformanceTest extends SubscriptionContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
