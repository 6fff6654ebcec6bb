package dev.annals.testkit;

import dev.annals.Annals;

/**
 * Hands the backend-level suites a store. It may return the same store to every test of a class
 * (the suites use fresh stream ids and never clean up), or a fresh one each time.
 *
 * <p>Implementations must be thread-safe: the race tests call it from one thread but use the
 * store from many.
 */
@FunctionalInterface
public interface AnnalsFixture {

    /** The store under test; the fixture owns it and closes it. */
    Annals annals();
}
