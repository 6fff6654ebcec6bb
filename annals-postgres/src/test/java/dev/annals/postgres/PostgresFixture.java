package dev.annals.postgres;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One store per conformance class, in a schema of its own, and the named stores of durable tests, a
 * schema each; all are dropped when the class is done. Thread-safe: the store is opened on first use.
 * The kit's property tests run in the jqwik engine, after Jupiter's {@code @AfterAll}, and may open it
 * again: a shutdown hook then drops the schemas.
 */
final class PostgresFixture implements AnnalsFixture, AutoCloseable {

    private final String schema;
    private final Map<String, String> namedSchemas = new LinkedHashMap<>();
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
            hookOnce();
            annals = Annals.open(PgServer.get().url(schema, "poolSize=4"));
        }
        return annals;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public synchronized Annals open(String name) {
        hookOnce();
        String named = namedSchemas.computeIfAbsent(name, n -> schema + "_n" + (namedSchemas.size() + 1));
        return Annals.open(PgServer.get().url(named, "poolSize=2"));
    }

    @Override
    public synchronized void removeEvents(String name, List<Long> positions) {
        String named = namedSchemas.get(name);
        if (named == null) {
            throw new IllegalArgumentException("no store named " + name + " was opened");
        }
        try (Connection c = PgServer.get().connect();
                PreparedStatement delete = c.prepareStatement("DELETE FROM \"" + named + "\".events WHERE position = ANY (?)")) {
            delete.setArray(1, c.createArrayOf("int8", positions.toArray(Long[]::new)));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot remove events from " + named, e);
        }
    }

    @Override
    public synchronized void close() {
        if (annals != null) {
            annals.close();
            annals = null;
        }
        List<String> schemas = new ArrayList<>(namedSchemas.values());
        schemas.add(schema);
        schemas.forEach(PgServer.get()::dropSchema);
    }

    private void hookOnce() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // The JVM is exiting (an embedded server may already be gone with its data).
        }
    }
}
