package dev.annals.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Tests the kit itself: every suite, run against a store that does nothing, must fail in every
 * one of its tests (JUnit tests and jqwik properties alike), with none skipped. A test that passes
 * here checks nothing, unless all it checks is done by {@code Annals} before any store is reached.
 */
class SuitesFailAgainstNothingTest {

    /**
     * The tests that pass against a store that does nothing because what they check is checked in
     * front of every store: subscription names, options and start positions by {@code Subscriptions},
     * {@code SubscriptionOptions} and {@code Start}; a reset of a subscription the store does not list
     * and a negative reset position by {@code Subscriptions.reset}.
     */
    private static final Map<Class<?>, Set<String>> CHECKED_BEFORE_THE_STORE = Map.of(
            SubscriptionOverNothingBackend.class, Set.of("bad_names_and_options_are_refused_with_typed_errors"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
            TypedEventStoreOverNothing.class, TypedSnapshotStoreOverNothing.class,
            EventStoreOverNothingBackend.class, SnapshotStoreOverNothingBackend.class,
            EventLogOverNothingBackend.class, RepositoryOverNothingBackend.class, SubscriptionOverNothingBackend.class,
            StreamRemovalOverNothingBackend.class})
    void every_test_of_the_suite_fails_against_a_store_that_does_nothing(Class<?> suite) {
        SuiteRun results = run(suite);
        Set<String> checkedBeforeTheStore = CHECKED_BEFORE_THE_STORE.getOrDefault(suite, Set.of());

        assertThat(results.outcomes).as("tests found in %s", suite.getSimpleName()).isNotEmpty();
        assertThat(results.skipped).as("skipped tests").isEmpty();
        checkedBeforeTheStore.forEach(test -> assertThat(results.byMethod).as("tests checked before the store")
                .containsEntry(test, TestExecutionResult.Status.SUCCESSFUL));
        assertThat(results.outcomes).as("tests that did not fail against a store that does nothing")
                .allSatisfy((test, status) -> assertThat(status).as(test).isEqualTo(
                        checkedBeforeTheStore.stream().anyMatch(method -> test.contains("#" + method + "("))
                                ? TestExecutionResult.Status.SUCCESSFUL : TestExecutionResult.Status.FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
            TypedEventStoreOverNothing.class, TypedSnapshotStoreOverNothing.class,
            EventStoreOverNothingBackend.class, SnapshotStoreOverNothingBackend.class})
    void the_suite_runs_its_jqwik_properties_too(Class<?> suite) {
        SuiteRun results = run(suite);

        assertThat(results.outcomes.keySet()).as("tests run by the jqwik engine").anyMatch(id -> id.contains("[engine:jqwik]"));
        assertThat(results.outcomes.keySet()).as("tests run by the Jupiter engine").anyMatch(id -> id.contains("[engine:junit-jupiter]"));
    }

    private static final Map<Class<?>, SuiteRun> CACHE = new ConcurrentHashMap<>();

    private static SuiteRun run(Class<?> suite) {
        return CACHE.computeIfAbsent(suite, SuiteRun::of);
    }
}
