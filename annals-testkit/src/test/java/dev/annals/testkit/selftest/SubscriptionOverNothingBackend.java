package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import java.time.Duration;

/**
 * {@link SubscriptionContract} over a backend that keeps nothing: every test must fail. Not run by
 * the build on its own. Without a lease no subscription ever runs, so most tests fail only when
 * their wait for it runs out; they run at once, so that the suite takes one wait, not one per test.
 */
@Execution(ExecutionMode.CONCURRENT)
public class SubscriptionOverNothingBackend extends SubscriptionContract {

    /** A broken store fails by timing out; memory delivers within milliseconds, so a short wait suffices. */
    @Override
    protected Duration patience() {
        return Duration.ofSeconds(5);
    }

    @Override
    protected AnnalsFixture fixture() {
        return NothingFixture.FIXTURE;
    }
}
