package dev.annals.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The promise of {@code annals generate}: the generated store and test compile against the current
 * Annals, and the generated test — the conformance suite run against the generated store — passes.
 * Checked for every store type that needs no server; the postgres ones are compiled and run against
 * the server named by {@code ANNALS_PG_URL}, or, when it is unset, skipped as a whole rather than failed.
 */
class GeneratedStoresPassTheirConformanceTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ticket_snapshot_store.json,         app_root_name.infrastructure.snapshotstores.InMemoryTicketSnapshotStoreTest",
            "ticket_event_store.json,            app_root_name.infrastructure.eventstores.InMemoryTicketEventStoreTest",
            "sqlite_ticket_snapshot_store.json,  app_root_name.infrastructure.snapshotstores.SqliteTicketSnapshotStoreTest",
            "sqlite_ticket_event_store.json,     app_root_name.infrastructure.eventstores.SqliteTicketEventStoreTest",
            "own_id_ticket_snapshot_store.json,  app_root_name.infrastructure.snapshotstores.InMemoryOwnIdTicketSnapshotStoreTest",
            "own_id_ticket_event_store.json,     app_root_name.infrastructure.eventstores.InMemoryOwnIdTicketEventStoreTest"})
    void the_generated_test_compiles_and_passes(String definition, String testClass) throws Exception {
        try (URLClassLoader loader = GeneratedSources.compile(TestResources.generate(definition), directory)) {
            TestExecutionSummary summary = ConformanceRun.run(loader.loadClass(testClass));

            assertThat(summary.getTotalFailureCount()).as(ConformanceRun.failures(summary)).isZero();
            assertThat(summary.getTestsSucceededCount()).as("conformance tests that ran and passed").isGreaterThan(10);
            assertThat(summary.getTestsAbortedCount() + summary.getTestsSkippedCount()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "postgres_ticket_snapshot_store.json, app_root_name.infrastructure.snapshotstores.PostgresTicketSnapshotStoreTest",
            "postgres_ticket_event_store.json,    app_root_name.infrastructure.eventstores.PostgresTicketEventStoreTest"})
    void the_generated_postgres_test_compiles_and_needs_a_server(String definition, String testClass) throws Exception {
        try (URLClassLoader loader = GeneratedSources.compile(TestResources.generate(definition), directory)) {
            TestExecutionSummary summary = ConformanceRun.run(loader.loadClass(testClass));

            assertThat(summary.getTotalFailureCount()).as(ConformanceRun.failures(summary)).isZero();
            if (System.getenv(ConformanceTestSpec.PG_URL_VARIABLE) == null) {
                assertThat(summary.getTestsSucceededCount()).as("tests that ran without a server").isZero();
                assertThat(summary.getContainersSkippedCount()).as("the class, skipped by each engine (Jupiter, jqwik)")
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }
}
