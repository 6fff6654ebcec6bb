package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.BackendEventStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link BackendEventStoreContract} on a durable SQLite file. */
class SqliteEventStoreConformanceTest extends BackendEventStoreContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
