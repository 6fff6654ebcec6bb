package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendSnapshotStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link BackendSnapshotStoreContract} on a durable SQLite file. */
class SqliteSnapshotStoreConformanceTest extends BackendSnapshotStoreContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
