package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link StreamRemovalContract}, against PostgreSQL. */
class PostgresStreamRemovalConformanceTest extends StreamRemovalContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresStreamRemovalConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
