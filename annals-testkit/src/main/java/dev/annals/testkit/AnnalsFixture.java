package dev.annals.testkit;

import dev.annals.Annals;
import java.util.List;

/**
 * Hands the backend-level suites a store. It may return the same store to every test of a class
 * (the suites use fresh stream ids and never clean up), or a fresh one each time.
 *
 * <p>A fixture of a durable backend also opens stores that one test owns, by name, so that the
 * test can remove events straight from storage (as an erasure does) and reopen the store as a
 * restart would find it: the tests of holes in the global log and of positions never given twice
 * run only where {@link #durable()} is true.
 *
 * <p>Implementations must be thread-safe: the race tests call it from one thread but use the
 * store from many.
 */
@FunctionalInterface
public interface AnnalsFixture {

    /** The store under test; the fixture owns it and closes it. */
    Annals annals();

    /** Whether {@link #open} and {@link #removeEvents} are supported. */
    default boolean durable() {
        return false;
    }

    /**
     * Opens the store called {@code name}: a new, empty one on the first call, and the same stored
     * data on later calls (after the caller closed the previous one), as a restart would. The
     * caller owns and closes it; the fixture deletes it when the test class is done.
     */
    default Annals open(String name) {
        throw new UnsupportedOperationException("this fixture opens no named stores");
    }

    /**
     * Deletes the events at {@code positions} straight from the storage of the closed store
     * {@code name}, bypassing Annals, as an erasure or an operator would.
     */
    default void removeEvents(String name, List<Long> positions) {
        throw new UnsupportedOperationException("this fixture cannot remove events");
    }
}
