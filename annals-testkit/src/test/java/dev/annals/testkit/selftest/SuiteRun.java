package dev.annals.testkit.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** One run of a suite class through the JUnit Platform (Jupiter and jqwik), with the outcome of each test. */
final class SuiteRun implements TestExecutionListener {

    /** The outcome of each test (leaf) by unique id. */
    final Map<String, TestExecutionResult.Status> outcomes = new ConcurrentHashMap<>();
    /** The tests and containers skipped, by unique id, with the reason. */
    final Map<String, String> skipped = new ConcurrentHashMap<>();
    /** Per test method: FAILED when any of its invocations did not succeed, else SUCCESSFUL. */
    final Map<String, TestExecutionResult.Status> byMethod = new TreeMap<>();

    private SuiteRun() {
    }

    static SuiteRun of(Class<?> suite) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .configurationParameter("jqwik.shrinking.default", "OFF")
                // a suite class annotated @Execution(CONCURRENT) runs its tests at once, one thread each
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "32")
                .build();
        SuiteRun run = new SuiteRun();
        LauncherFactory.create().execute(request, run);
        return run;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        outcomes.put(id.getUniqueId(), result.getStatus());
        String method = id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getUniqueId());
        synchronized (byMethod) {
            byMethod.merge(method, result.getStatus(), (a, b) ->
                    a == TestExecutionResult.Status.SUCCESSFUL ? b : a);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        skipped.put(id.getUniqueId(), reason);
    }
}
