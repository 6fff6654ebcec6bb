package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.SubscriptionContract;
import java.time.Duration;

/** {@link SubscriptionContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class SubscriptionOverBrokenStore extends SubscriptionContract {

    /** A broken store fails by timing out; memory delivers within milliseconds, so a short wait suffices. */
    @Override
    protected Duration patience() {
        return Duration.ofSeconds(5);
    }

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
