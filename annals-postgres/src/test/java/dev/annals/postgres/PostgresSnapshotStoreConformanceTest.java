package dev.annals.postgres;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The conformance kit's {@link BackendSnapshotStoreContract}, against PostgreSQL. */
class PostgresSnapshotStoreConformanceTest extends BackendSnapshotStoreContract {

    private static final PostgresFixture FIXTURE = PostgresFixture.forClass(PostgresSnapshotStoreConformanceTest.class);

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }

    @AfterAll
    static void dropSchema() {
        FIXTURE.close();
    }
}
