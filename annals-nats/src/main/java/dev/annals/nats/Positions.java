package dev.annals.nats;

import dev.annals.Limits;

/**
 * Global positions on NATS: the JetStream sequence of an event's commit times {@value #PER_COMMIT},
 * plus the event's index in its commit. Positions therefore increase strictly in commit order, are never
 * given twice (JetStream never reuses a sequence), and have holes: the positions a commit of fewer than
 * {@value #PER_COMMIT} events leaves unused. The sequence stays readable in a position (commit 42's
 * third event is 420002).
 */
final class Positions {

    static final long PER_COMMIT = 10_000;

    static {
        if (Limits.MAX_APPEND_EVENTS > PER_COMMIT) {
            throw new ExceptionInInitializerError("an append may hold more events than a commit has positions");
        }
    }

    private Positions() {
    }

    static long of(long seq, int index) {
        return seq * PER_COMMIT + index;
    }

    /** The sequence of the commit holding {@code position}. */
    static long seqOf(long position) {
        return position / PER_COMMIT;
    }
}
