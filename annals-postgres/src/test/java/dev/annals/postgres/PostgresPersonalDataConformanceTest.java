package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.PersonalDataContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link PersonalDataContract}, against PostgreSQL. */
class PostgresPersonalDataConformanceTest extends PersonalDataContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresPersonalDataConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
