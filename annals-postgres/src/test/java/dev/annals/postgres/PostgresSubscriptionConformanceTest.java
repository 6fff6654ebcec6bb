package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link SubscriptionContract}, against PostgreSQL. */
class PostgresSubscriptionConformanceTest extends SubscriptionContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresSubscriptionConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
