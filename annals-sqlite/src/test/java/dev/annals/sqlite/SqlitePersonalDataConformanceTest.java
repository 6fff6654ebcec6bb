package dev.annals.sqlite;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.PersonalDataContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance kit's {@link PersonalDataContract} on a durable SQLite file. */
class SqlitePersonalDataConformanceTest extends PersonalDataContract {

    @RegisterExtension
    static final SqliteFixture FIXTURE = new SqliteFixture();

    @Override
    protected AnnalsFixture fixture() {
        return FIXTURE;
    }
}
