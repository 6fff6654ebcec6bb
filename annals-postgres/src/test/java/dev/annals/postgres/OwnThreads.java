package dev.annals.postgres;

import java.util.concurrent.Executor;

/**
 * An executor for the tests' blocking calls that runs each on a thread of its own. CompletableFuture's default
 * executor is the common pool, which has one thread on a 2-core machine; JDK 25 runs async tasks there one after
 * the other (JDK 17 gave each its own thread), so an append stuck on purpose would starve the appends meant to
 * queue behind it.
 */
final class OwnThreads {

    private OwnThreads() {
    }

    /** Runs each task on a new daemon thread named {@code name}. */
    static Executor named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }
}
