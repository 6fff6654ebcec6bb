package dev.annals.generator;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a test class through the JUnit Platform launcher, as a build would run a generated test. */
final class ConformanceRun {

    private ConformanceRun() {
    }

    /** Runs every engine's tests in {@code testClass} (JUnit Jupiter and jqwik) and returns the summary. */
    static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Engines that load classes by name (jqwik) look in the context loader.
        thread.setContextClassLoader(testClass.getClassLoader());
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return listener.getSummary();
    }

    /** The failures with their stack traces, for an assertion message. */
    static String failures(TestExecutionSummary summary) {
        StringWriter out = new StringWriter();
        summary.printFailuresTo(new PrintWriter(out), 25);
        return out.toString();
    }
}
