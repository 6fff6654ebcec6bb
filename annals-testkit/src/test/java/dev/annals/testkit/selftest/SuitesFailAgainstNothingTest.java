package dev.annals.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Tests the kit itself: every suite, run against a store that does nothing, must fail in every
 * one of its tests (JUnit tests and jqwik properties alike), with none skipped. A test that passes
 * here checks nothing.
 */
class SuitesFailAgainstNothingTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
            TypedEventStoreOverNothing.class, TypedSnapshotStoreOverNothing.class,
            EventStoreOverNothingBackend.class, SnapshotStoreOverNothingBackend.class,
            EventLogOverNothingBackend.class, RepositoryOverNothingBackend.class})
    void every_test_of_the_suite_fails_against_a_store_that_does_nothing(Class<?> suite) {
        Results results = run(suite);

        assertThat(results.outcomes).as("tests found in %s", suite.getSimpleName()).isNotEmpty();
        assertThat(results.skipped).as("skipped tests").isEmpty();
        assertThat(results.outcomes).as("tests that did not fail against a store that does nothing")
                .allSatisfy((test, status) -> assertThat(status).as(test).isEqualTo(TestExecutionResult.Status.FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
            TypedEventStoreOverNothing.class, TypedSnapshotStoreOverNothing.class,
            EventStoreOverNothingBackend.class, SnapshotStoreOverNothingBackend.class})
    void the_suite_runs_its_jqwik_properties_too(Class<?> suite) {
        Results results = run(suite);

        assertThat(results.outcomes.keySet()).as("tests run by the jqwik engine").anyMatch(id -> id.contains("[engine:jqwik]"));
        assertThat(results.outcomes.keySet()).as("tests run by the Jupiter engine").anyMatch(id -> id.contains("[engine:junit-jupiter]"));
    }

    private static final Map<Class<?>, Results> CACHE = new ConcurrentHashMap<>();

    private static Results run(Class<?> suite) {
        return CACHE.computeIfAbsent(suite, SuitesFailAgainstNothingTest::launch);
    }

    private static Results launch(Class<?> suite) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .build();
        Results results = new Results();
        LauncherFactory.create().execute(request, results);
        return results;
    }

    /** The outcome of each test (leaf) by unique id. */
    private static final class Results implements TestExecutionListener {

        final Map<String, TestExecutionResult.Status> outcomes = new ConcurrentHashMap<>();
        final Map<String, String> skipped = new ConcurrentHashMap<>();

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                outcomes.put(id.getUniqueId(), result.getStatus());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped.put(id.getUniqueId(), reason);
        }
    }
}
