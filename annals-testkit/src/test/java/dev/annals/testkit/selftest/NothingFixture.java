package dev.annals.testkit.selftest;

import dev.annals.Annals;
import dev.annals.testkit.AnnalsFixture;
import java.util.List;

/**
 * A fixture over backends that keep nothing, claiming every optional feature (durable stores, the
 * backend's capabilities), so that no test of a suite is skipped against it and each must fail.
 */
final class NothingFixture implements AnnalsFixture {

    static final NothingFixture FIXTURE = new NothingFixture();

    private static final Annals NOTHING = new Annals(new NoOpBackend());

    private NothingFixture() {
    }

    @Override
    public Annals annals() {
        return NOTHING;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public Annals open(String name) {
        return new Annals(new NoOpBackend());
    }

    @Override
    public void removeEvents(String name, List<Long> positions) {
        // there is nothing to remove
    }
}
