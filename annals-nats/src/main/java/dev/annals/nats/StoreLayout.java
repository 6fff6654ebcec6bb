package dev.annals.nats;

import dev.annals.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The names a store uses in JetStream, all derived from its name: the events stream
 * {@code ANNALS_<store>} with one subject per commit, {@code annals.<store>.e.<encoded stream name>.<first version>},
 * so that an event stream is the subjects {@code annals.<store>.e.<encoded stream name>.*};
 * the id claims stream {@code ANNALS_<store>_IDS} with one subject per event id,
 * {@code annals.<store>.id.<uuid>}; the snapshot bucket {@code annals_<store>_snapshots}; the stream of the
 * data keys of crypto-shredding {@code ANNALS_<store>_KEYS}, one subject per data subject,
 * {@code annals.<store>.k.<encoded subject>} (stores made before it kept them in the KV bucket
 * {@code annals_<store>_keys}, which opening moves, see {@link NatsKeys}).
 *
 * <p>A stream name is encoded as one subject token (and one KV key): ASCII letters, digits,
 * {@code -} and {@code _} stay, every other UTF-8 byte becomes {@code =XX} (hex). So {@code .},
 * {@code *}, {@code >}, spaces and any Unicode are safe, the encoding is reversible, and a typical
 * {@code category-uuid} name is kept as it is. Immutable.
 */
final class StoreLayout {

    /**
     * The longest subject accepted. NATS bounds a protocol line (subject, reply and sizes) by
     * {@code max_control_line}, 4096 bytes by default; this leaves room for the rest of the line.
     */
    static final int MAX_SUBJECT_BYTES = 3000;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String store;
    private final String eventsPrefix;
    private final String idsPrefix;
    private final String keysPrefix;

    StoreLayout(String store) {
        this.store = store;
        this.eventsPrefix = "annals." + store + ".e.";
        this.idsPrefix = "annals." + store + ".id.";
        this.keysPrefix = "annals." + store + ".k.";
    }

    String eventsStream() {
        return "ANNALS_" + store;
    }

    String idsStream() {
        return "ANNALS_" + store + "_IDS";
    }

    String snapshotBucket() {
        return "annals_" + store + "_snapshots";
    }

    String subscriptionBucket() {
        return "annals_" + store + "_subscriptions";
    }

    /** The KV bucket where stores made before {@link #keysStream()} kept their data keys. */
    String keyBucket() {
        return "annals_" + store + "_keys";
    }

    /** The stream of the data keys of crypto-shredding, one message per subject. */
    String keysStream() {
        return "ANNALS_" + store + "_KEYS";
    }

    String allKeySubjects() {
        return keysPrefix + "*";
    }

    /** The filter of every commit's subject. */
    String allEventSubjects() {
        return eventsPrefix + "*.*";
    }

    String allIdSubjects() {
        return idsPrefix + "*";
    }

    /** The subject of the commit of {@code stream} whose first version is {@code firstVersion}. */
    String subject(String stream, long firstVersion) {
        return subject(stream, firstVersion, 0);
    }

    /**
     * The subject of the message of {@code stream} at {@code firstVersion} with place {@code index} among the
     * messages at that version ({@link Commit.Marks#index()}): {@code <version>} for the first, which every
     * commit of a stream never deleted has, {@code <version>-<index>} after a mark.
     */
    String subject(String stream, long firstVersion, int index) {
        String token = index == 0 ? Long.toString(firstVersion) : firstVersion + "-" + index;
        return streamSubjects(stream).replace("*", token);
    }

    /**
     * The filter of an event stream's commits; a name whose subjects would be too long is an
     * {@link InvalidArgumentException}.
     */
    String streamSubjects(String stream) {
        String subject = eventsPrefix + encode(stream) + ".*";
        if (subject.length() > MAX_SUBJECT_BYTES) {
            throw new InvalidArgumentException("stream name " + dev.annals.Limits.shown(stream) + " makes a NATS subject of "
                    + subject.length() + " bytes once encoded; at most " + MAX_SUBJECT_BYTES
                    + " are allowed (every byte other than ASCII letters, digits, '-' and '_' takes three)");
        }
        return subject;
    }

    String idSubject(UUID eventId) {
        return idsPrefix + eventId;
    }

    /** The stream name of a commit subject. */
    String streamOf(String subject) {
        return decode(subject.substring(eventsPrefix.length(), subject.lastIndexOf('.')));
    }

    /** The snapshot key of a stream (the same encoding, a KV key allows it). */
    String snapshotKey(String stream) {
        return kvKey(stream, "stream name");
    }

    /** The message subject of a crypto-shredding subject's data key (the same encoding, as one token). */
    String keySubject(String subject) {
        return keysPrefix + kvKey(subject, "subject");
    }

    /** The crypto-shredding subject of a data key's message subject. */
    String subjectOfKeySubject(String keySubject) {
        return decode(keySubject.substring(keysPrefix.length()));
    }

    /** The crypto-shredding subject of a key of the bucket {@link #keyBucket()} (the same encoding). */
    String subjectOfKey(String key) {
        return decode(key);
    }

    private static String kvKey(String name, String what) {
        String key = encode(name);
        if (key.length() > MAX_SUBJECT_BYTES) {
            throw new InvalidArgumentException(what + " " + dev.annals.Limits.shown(name) + " makes a KV key of "
                    + key.length() + " bytes once encoded; at most " + MAX_SUBJECT_BYTES + " are allowed");
        }
        return key;
    }

    String streamOfKey(String key) {
        return decode(key);
    }

    static String encode(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder token = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                token.append((char) c);
            } else {
                token.append('=').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return token.toString();
    }

    static String decode(String token) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '=' && i + 2 < token.length()) {
                bytes.write(Integer.parseInt(token.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
