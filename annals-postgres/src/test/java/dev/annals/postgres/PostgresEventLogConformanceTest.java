package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.EventLogContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link EventLogContract}, against PostgreSQL. */
class PostgresEventLogConformanceTest extends EventLogContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresEventLogConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
