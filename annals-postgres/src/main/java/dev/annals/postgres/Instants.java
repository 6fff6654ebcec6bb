package dev.annals.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants as stored: a {@code timestamptz} (microseconds, readable in SQL) plus the nanoseconds below
 * the microsecond in a {@code smallint}, so that what is read back equals exactly what was written.
 */
final class Instants {

    private Instants() {
    }

    static OffsetDateTime micros(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** The nanoseconds below the microsecond: what the {@code timestamptz} part cannot hold. */
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the sub-microsecond part is wanted; the seconds are in micros()
    static short subMicroNanos(Instant instant) {
        return (short) (instant.getNano() % 1000);
    }

    /** The whole microseconds since the epoch (rounded down); {@link #subMicroNanos} holds the rest. */
    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    static Instant of(OffsetDateTime micros, short nanos) {
        return micros.toInstant().plusNanos(nanos);
    }

    static Instant ofEpochMicros(long micros, short nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L + nanos);
    }
}
