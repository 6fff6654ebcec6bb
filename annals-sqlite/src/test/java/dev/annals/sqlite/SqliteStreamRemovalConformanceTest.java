package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.StreamRemovalContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link StreamRemovalContract} on a durable SQLite file. */
class SqliteStreamRemovalConformanceTest extends StreamRemovalContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
