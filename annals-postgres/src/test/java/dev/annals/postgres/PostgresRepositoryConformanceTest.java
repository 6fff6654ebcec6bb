package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.RepositoryContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link RepositoryContract}, against PostgreSQL. */
class PostgresRepositoryConformanceTest extends RepositoryContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresRepositoryConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
