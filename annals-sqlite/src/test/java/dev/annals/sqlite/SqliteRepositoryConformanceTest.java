package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.RepositoryContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link RepositoryContract} on a durable SQLite file. */
class SqliteRepositoryConformanceTest extends RepositoryContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
