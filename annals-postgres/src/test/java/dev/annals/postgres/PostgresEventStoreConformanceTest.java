package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendEventStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link BackendEventStoreContract}, against PostgreSQL. */
class PostgresEventStoreConformanceTest extends BackendEventStoreContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresEventStoreConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
