package dev.annals.instrumentation;

import org.jspecify.annotations.Nullable;

/**
 * One operation being observed, from {@link Instrumentation#start} to {@link #end}. Annals ends every
 * observation it starts exactly once, on the thread that started it, so an implementation may keep a
 * trace scope open in between.
 */
public interface Observation {

    /** Observes nothing. */
    Observation NONE = new Observation() { };

    /**
     * The W3C {@code traceparent} of this operation's span, which an append stores with its events
     * (see {@link dev.annals.spi.support.SystemMetadata}); null when the operation is not traced or
     * trace context is not to be stored.
     */
    default @Nullable String traceparent() {
        return null;
    }

    /** The stream version the operation reached (an append's new version, a loaded aggregate's version), before {@link #end}. */
    default void version(long version) {
    }

    /**
     * Ends the observation.
     *
     * @param events the events written, read, replayed or handled
     * @param failure what the operation threw, null when it returned
     */
    default void end(Outcome outcome, long events, @Nullable Throwable failure) {
    }
}
