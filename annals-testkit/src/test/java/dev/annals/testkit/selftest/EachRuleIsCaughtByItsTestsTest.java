package dev.annals.testkit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.TestExecutionResult.Status;

/**
 * Tests the kit itself: for each rule, every suite runs against a store that breaks that rule
 * only; the tests of the rule must fail and every other test must pass, none skipped. So each
 * rule's tests are shown to bite, and to bite on that rule alone.
 */
class EachRuleIsCaughtByItsTestsTest {

    private static final List<Class<?>> SUITES = List.of(EventStoreOverBrokenStore.class, EventLogOverBrokenStore.class,
            SnapshotStoreOverBrokenStore.class, RepositoryOverBrokenStore.class, TypedEventStoreOverBrokenStore.class,
            SubscriptionOverBrokenStore.class, StreamRemovalOverBrokenStore.class);

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokenRule.class)
    synchronized void the_tests_of_the_rule_and_only_those_fail_against_a_store_breaking_it(BrokenRule broken) {
        BrokenFixture.use(broken.fixture);
        Map<String, Status> outcomes = new TreeMap<>();
        try {
            for (Class<?> suite : SUITES) {
                SuiteRun run = SuiteRun.of(suite);
                assertThat(run.skipped).as("tests skipped in %s", suite.getSimpleName()).isEmpty();
                assertThat(run.byMethod).as("tests run in %s", suite.getSimpleName()).isNotEmpty();
                run.byMethod.forEach((method, status) -> outcomes.merge(method, status, (a, b) -> a == Status.SUCCESSFUL ? b : a));
            }
        } finally {
            BrokenFixture.use(BrokenRule.NONE.fixture);
        }

        assertThat(outcomes.keySet()).as("the tests of the rule").containsAll(broken.tests());
        broken.mayAlsoFail().forEach(outcomes::remove);
        outcomes.forEach((test, status) -> assertThat(status).as("%s against a store that breaks: %s", test, broken.rule)
                .isEqualTo(broken.tests().contains(test) ? Status.FAILED : Status.SUCCESSFUL));
    }
}
