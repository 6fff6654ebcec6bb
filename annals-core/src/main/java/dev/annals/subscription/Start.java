package dev.annals.subscription;

import dev.annals.InvalidArgumentException;

/**
 * Where a subscription without a stored checkpoint begins. Once it has a checkpoint it always
 * resumes after it; {@link Subscriptions#reset} moves it.
 */
public sealed interface Start {

    /** Every event of the log. */
    static Start beginning() {
        return After.BEGINNING;
    }

    /** Only events appended after the subscription first started. */
    static Start end() {
        return End.INSTANCE;
    }

    /** The events after {@code position} (exclusive). */
    static Start after(long position) {
        InvalidArgumentException.require(position >= 0, "start position must be >= 0, was " + position);
        return new After(position);
    }

    /** After a position; 0 is the beginning. */
    record After(long position) implements Start {
        static final After BEGINNING = new After(0);
    }

    /** The head of the log when the subscription first starts. */
    enum End implements Start {
        INSTANCE
    }
}
