package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.EventLogContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link EventLogContract} on a durable SQLite file. */
class SqliteEventLogConformanceTest extends EventLogContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
