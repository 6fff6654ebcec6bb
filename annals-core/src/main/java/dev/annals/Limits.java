package dev.annals;

import java.time.Instant;

/**
 * The limits every backend enforces, the same everywhere. Passing one is an
 * {@link InvalidArgumentException} with a short message, and nothing is written.
 *
 * <ul>
 *   <li>A stream name ({@code category-id}) and a snapshot store's stream name: 1 to
 *       {@value #MAX_STREAM_NAME_BYTES} bytes of UTF-8, well-formed Unicode (no unpaired surrogate,
 *       which JDBC drivers would store as {@code ?} and so merge different streams), no NUL.</li>
 *   <li>An event: its payload and metadata together at most {@value #MAX_EVENT_BYTES} bytes.</li>
 *   <li>An append (or a multi-stream append): at most {@value #MAX_APPEND_EVENTS} events and
 *       {@value #MAX_APPEND_BYTES} bytes of payload and metadata in all.</li>
 *   <li>An event type name: 1 to {@value #MAX_TYPE_NAME_BYTES} bytes, the same rules as stream names.</li>
 *   <li>A time a store keeps (an event's recorded-at, a snapshot's created-at): from {@link #EARLIEST_TIME}
 *       (inclusive) to {@link #LATEST_TIME} (exclusive), which every backend stores to the nanosecond.</li>
 * </ul>
 */
public final class Limits {

    public static final int MAX_STREAM_NAME_BYTES = 512;
    public static final int MAX_TYPE_NAME_BYTES = 256;
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    public static final int MAX_APPEND_BYTES = 8 * 1024 * 1024;
    public static final int MAX_APPEND_EVENTS = 10_000;

    public static final Instant EARLIEST_TIME = Instant.parse("1900-01-01T00:00:00Z");
    public static final Instant LATEST_TIME = Instant.parse("2200-01-01T00:00:00Z");

    /** Values in messages are cut to this many characters, so a huge bad input gives a short message. */
    private static final int SHOWN_CHARS = 60;

    private Limits() {
    }

    /** Checks a stream name against the rules above; {@code what} names it in the message. */
    public static String checkStreamName(String name, String what) {
        return checkName(name, what, MAX_STREAM_NAME_BYTES);
    }

    /** Checks an event type name against the rules above. */
    public static String checkTypeName(String name) {
        return checkName(name, "event type name", MAX_TYPE_NAME_BYTES);
    }

    private static String checkName(String name, String what, int maxBytes) {
        InvalidArgumentException.requireNonNull(name, what);
        InvalidArgumentException.require(!name.isEmpty(), () -> what + " must not be empty");
        int bytes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == 0) {
                throw new InvalidArgumentException(what + " " + shown(name) + " holds a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidArgumentException(what + " " + shown(name)
                        + " is not well-formed Unicode (an unpaired surrogate at index " + i + ")");
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > maxBytes) {
            throw new InvalidArgumentException(what + " " + shown(name) + " is " + bytes + " bytes of UTF-8; at most "
                    + maxBytes + " are allowed");
        }
        return name;
    }

    /** Checks a time a store keeps against {@link #EARLIEST_TIME} and {@link #LATEST_TIME}. */
    public static Instant checkTime(Instant time, String what) {
        InvalidArgumentException.requireNonNull(time, what);
        if (time.isBefore(EARLIEST_TIME) || !time.isBefore(LATEST_TIME)) {
            throw new InvalidArgumentException(what + " " + time + " is outside the times a store keeps (" + EARLIEST_TIME + " to "
                    + LATEST_TIME + ")");
        }
        return time;
    }

    /** {@code value} quoted and cut for a message. */
    public static String shown(String value) {
        String cut = value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "… (" + value.length() + " chars)";
        StringBuilder quoted = new StringBuilder(cut.length() + 2).append('\'');
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp <= 0xFFFF && Character.isSurrogate((char) cp))) {
                quoted.append(String.format("\\u%04X", cp));
            } else {
                quoted.appendCodePoint(cp);
            }
        });
        return quoted.append('\'').toString();
    }

}
