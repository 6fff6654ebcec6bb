package dev.annals.testkit.selftest;

import dev.annals.testkit.AnnalsFixture;
import dev.annals.testkit.RepositoryContract;

/** {@link RepositoryContract} over the store of {@link BrokenFixture#current()}. Not run by the build on its own. */
public class RepositoryOverBrokenStore extends RepositoryContract {

    @Override
    protected AnnalsFixture fixture() {
        return BrokenFixture.current();
    }
}
