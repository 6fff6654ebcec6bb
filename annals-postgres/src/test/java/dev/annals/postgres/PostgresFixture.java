package dev.annals.postgres;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;

/**
 * One store per conformance class, in a schema of its own that is dropped when the class is done.
 * Thread-safe: the store is opened on first use. The kit's property tests run in the jqwik engine,
 * after Jupiter's {@code @AfterAll}, and may open it again: a shutdown hook then drops the schema.
 */
final class PostgresFixture implements AnnalsFixture, AutoCloseable {

    private final String schema;
    private Annals annals;
    private boolean hooked;

    private PostgresFixture(String schema) {
        this.schema = schema;
    }

    static PostgresFixture forClass(Class<?> testClass) {
        return new PostgresFixture(PgServer.newSchema(testClass));
    }

    @Override
    public synchronized Annals annals() {
        if (annals == null) {
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly));
            }
            annals = Annals.open(PgServer.get().url(schema, "poolSize=4"));
        }
        return annals;
    }

    @Override
    public synchronized void close() {
        if (annals != null) {
            annals.close();
            annals = null;
        }
        PgServer.get().dropSchema(schema);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // The JVM is exiting (an embedded server may already be gone with its data).
        }
    }
}
