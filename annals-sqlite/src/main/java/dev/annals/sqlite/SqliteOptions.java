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
 * @param connectTimeout how long a read waits for a free read connection when all {@code maxReaders} are in use
 *     (e.g. held by long projection queries) before failing with nothing read; from 1 ms to 1 h. Named as
 *     PostgreSQL's {@code connectTimeout}, which bounds the wait for a free connection of its pool
 */
public record SqliteOptions(Synchronous synchronous, Duration busyTimeout, int maxReaders, Duration connectTimeout) {

    /** The default {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Durable: {@code synchronous=FULL}, a 10 s busy timeout, up to 8 readers, each waited for at most 10 s. */
    public static final SqliteOptions DEFAULTS = new SqliteOptions(Synchronous.FULL, Duration.ofSeconds(10), 8);

    /** The options with the default {@link #connectTimeout()}. */
    public SqliteOptions(Synchronous synchronous, Duration busyTimeout, int maxReaders) {
        this(synchronous, busyTimeout, maxReaders, DEFAULT_CONNECT_TIMEOUT);
    }

    public SqliteOptions {
        InvalidArgumentException.requireNonNull(synchronous, "synchronous");
        InvalidArgumentException.requireNonNull(busyTimeout, "busyTimeout");
        InvalidArgumentException.require(!busyTimeout.isNegative() && busyTimeout.toMillis() <= Integer.MAX_VALUE,
                "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
        InvalidArgumentException.require(maxReaders >= 1, "maxReaders must be >= 1, was " + maxReaders);
        InvalidArgumentException.requireNonNull(connectTimeout, "connectTimeout");
        InvalidArgumentException.require(connectTimeout.compareTo(Duration.ofMillis(1)) >= 0 && connectTimeout.compareTo(Duration.ofHours(1)) <= 0,
                "connectTimeout must be from 1 ms to 1 h, was " + connectTimeout);
    }

    /** These options with another synchronous mode. */
    public SqliteOptions withSynchronous(Synchronous mode) {
        return new SqliteOptions(mode, busyTimeout, maxReaders, connectTimeout);
    }

    /** These options with another {@link #connectTimeout()}. */
    public SqliteOptions withConnectTimeout(Duration timeout) {
        return new SqliteOptions(synchronous, busyTimeout, maxReaders, timeout);
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
