package dev.annals.sqlite;

import dev.annals.InvalidArgumentException;
import java.time.Duration;

/**
 * How a {@link SqliteBackend} opens its file. Immutable and thread-safe.
 *
 * @param synchronous how hard a commit waits for the disk; {@link Synchronous#FULL} unless asked otherwise
 * @param busyTimeout how long a write waits for the file's lock when another process (or another
 *     {@code SqliteBackend} on the same file) holds it, before failing with nothing written
 * @param maxReaders the most read connections open at once; further readers wait for one to be free
 */
public record SqliteOptions(Synchronous synchronous, Duration busyTimeout, int maxReaders) {

    /** Durable: {@code synchronous=FULL}, a 10 s busy timeout, up to 8 readers. */
    public static final SqliteOptions DEFAULTS = new SqliteOptions(Synchronous.FULL, Duration.ofSeconds(10), 8);

    public SqliteOptions {
        InvalidArgumentException.requireNonNull(synchronous, "synchronous");
        InvalidArgumentException.requireNonNull(busyTimeout, "busyTimeout");
        InvalidArgumentException.require(!busyTimeout.isNegative() && busyTimeout.toMillis() <= Integer.MAX_VALUE,
                "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
        InvalidArgumentException.require(maxReaders >= 1, "maxReaders must be >= 1, was " + maxReaders);
    }

    /** These options with another synchronous mode. */
    public SqliteOptions withSynchronous(Synchronous mode) {
        return new SqliteOptions(mode, busyTimeout, maxReaders);
    }

    /** SQLite's {@code PRAGMA synchronous} in WAL mode. */
    public enum Synchronous {
        /** Every commit is fsynced before the append returns: an acknowledged append survives a power loss. */
        FULL,
        /**
         * <b>Warning:</b> opt-in only. Commits are fsynced at checkpoints, not one by one: the file never
         * corrupts, but the last acknowledged appends can be lost on a power loss or OS crash (not on a
         * process crash).
         */
        NORMAL
    }
}
