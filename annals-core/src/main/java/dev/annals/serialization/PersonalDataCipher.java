package dev.annals.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.InvalidArgumentException;
import dev.annals.Limits;
import dev.annals.SerializationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals the {@link dev.annals.PersonalData} values of a JSON tree and opens them again: the one
 * copy of the rule, used for events and snapshot states on every backend (backends only store bytes).
 *
 * <p><b>Sealed form.</b> A marked value is replaced by the object
 * {@code {"annals:sealed": SUBJECT, "v": BASE64}}, where the Base64 bytes are the 8-byte id of the
 * subject's data key, a 96-bit nonce, and the AES-256-GCM encryption of the value's JSON with a
 * 128-bit tag; the associated data is the subject and the value's JSON pointer (for example
 * {@code /address/street}), so a sealed value cannot be moved to another subject or field unnoticed.
 * Everything else in the tree stays plain JSON. The property name {@code annals:sealed} is reserved.
 *
 * <p><b>Nonces.</b> A snapshot's values get random nonces. An event's nonce is synthetic: the first 96
 * bits of an HMAC-SHA-256, under a key derived from the data key, of the event id, the pointer and the
 * value's JSON. It is unique for every distinct (event, field, value), so it never repeats for two
 * different plaintexts under one key; and the same event sealed twice gives the same bytes, which keeps
 * {@link dev.annals.spi.support.AppendDecision}'s retry rule (a retry compares the bytes the caller
 * sends) working for events with personal data: a random nonce would turn every retry into a
 * {@link dev.annals.DuplicateEventIdException}. What it reveals, that two stored copies of one event
 * hold the same value, a store never holds.
 *
 * <p><b>Opening.</b> Every sealed object found anywhere in a stored tree is opened, whatever the
 * current class marks (so removing a mark keeps old values readable). A value whose key is gone (its
 * subject was forgotten) becomes JSON {@code null}, the documented placeholder; a value that does not
 * open with its key is a {@link SerializationException} (it was changed or moved), never a silent null.
 *
 * <p>Thread-safe.
 */
public final class PersonalDataCipher {

    /** The reserved property of a sealed value's object. */
    public static final String MARKER = "annals:sealed";
    private static final String VALUE = "v";
    private static final byte[] MARKER_BYTES = ('"' + MARKER + '"').getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "annals sealed v1\0".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubjectKeys keys;

    public PersonalDataCipher(SubjectKeys keys) {
        this.keys = InvalidArgumentException.requireNonNull(keys, "subject keys");
    }

    /** Whether {@code json} may hold a sealed value: a cheap byte search, so plain payloads skip the tree. */
    public static boolean mayHoldSealed(byte[] json) {
        byte first = MARKER_BYTES[0];
        int last = json.length - MARKER_BYTES.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (json[i] != first) {
                continue;
            }
            for (int j = 1; j < MARKER_BYTES.length; j++) {
                if (json[i + j] != MARKER_BYTES[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Seals the marked values of {@code root} in place.
     *
     * @param stream the subject when the class has no {@link dev.annals.DataSubject}
     * @param eventId the event's id, for a synthetic nonce; null (a snapshot) for random nonces
     * @throws InvalidArgumentException when the {@link dev.annals.DataSubject} is null or not a plain value
     */
    public void seal(ObjectNode root, PersonalFields fields, String stream, @Nullable UUID eventId, ObjectMapper mapper) {
        String subject = subject(root, fields, stream);
        SubjectKey key = null;
        for (List<String> path : fields.paths()) {
            ObjectNode parent = parent(root, path);
            if (parent == null) {
                continue;
            }
            String name = path.get(path.size() - 1);
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (key == null) {
                key = keys.forSealing(subject);
            }
            byte[] plaintext = json(mapper, value);
            String pointer = pointer(path);
            ObjectNode sealed = parent.objectNode();
            sealed.put(MARKER, subject);
            sealed.put(VALUE, Base64.getEncoder().encodeToString(encrypt(key, subject, pointer, plaintext, eventId)));
            parent.set(name, sealed);
        }
    }

    /**
     * Opens every sealed value of {@code root} in place; a value of a forgotten subject becomes {@code null}.
     *
     * @return how many values were forgotten
     * @throws SerializationException when a sealed value is malformed or does not open with its key
     */
    public int open(JsonNode root, ObjectMapper mapper) {
        return open(root, new StringBuilder(), mapper);
    }

    private int open(JsonNode node, StringBuilder pointer, ObjectMapper mapper) {
        int forgotten = 0;
        int length = pointer.length();
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                pointer.append('/').append(escape(field.getKey()));
                if (isSealed(field.getValue())) {
                    JsonNode opened = openValue((ObjectNode) field.getValue(), pointer.toString(), mapper);
                    forgotten += opened.isMissingNode() ? 1 : 0;
                    field.setValue(opened.isMissingNode() ? NullNode.getInstance() : opened);
                } else {
                    forgotten += open(field.getValue(), pointer, mapper);
                }
                pointer.setLength(length);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                pointer.append('/').append(i);
                JsonNode element = array.get(i);
                if (isSealed(element)) {
                    JsonNode opened = openValue((ObjectNode) element, pointer.toString(), mapper);
                    forgotten += opened.isMissingNode() ? 1 : 0;
                    array.set(i, opened.isMissingNode() ? NullNode.getInstance() : opened);
                } else {
                    forgotten += open(element, pointer, mapper);
                }
                pointer.setLength(length);
            }
        }
        return forgotten;
    }

    /** Whether {@code root} holds a sealed value anywhere. */
    public static boolean holdsSealed(JsonNode root) {
        if (isSealed(root)) {
            return true;
        }
        for (JsonNode child : root) {
            if (holdsSealed(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSealed(JsonNode node) {
        return node instanceof ObjectNode object && object.size() == 2 && object.path(MARKER).isTextual()
                && object.path(VALUE).isTextual();
    }

    /** The opened value, or a missing node when its key is gone. */
    private JsonNode openValue(ObjectNode sealed, String pointer, ObjectMapper mapper) {
        String subject = sealed.get(MARKER).asText();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.get(VALUE).asText());
        } catch (IllegalArgumentException e) {
            throw new SerializationException("The sealed value at " + pointer + " (subject " + Limits.shown(subject)
                    + ") is not Base64", e);
        }
        if (bytes.length < SubjectKey.ID_BYTES + NONCE_BYTES + TAG_BYTES) {
            throw new SerializationException("The sealed value at " + pointer + " (subject " + Limits.shown(subject)
                    + ") is too short: " + bytes.length + " bytes", null);
        }
        Optional<SubjectKey> key = keys.forOpening(subject, java.util.Arrays.copyOf(bytes, SubjectKey.ID_BYTES));
        if (key.isEmpty()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.get(), subject, pointer, bytes, SubjectKey.ID_BYTES);
            int offset = SubjectKey.ID_BYTES + NONCE_BYTES;
            byte[] plaintext = cipher.doFinal(bytes, offset, bytes.length - offset);
            return mapper.readTree(plaintext);
        } catch (AEADBadTagException e) {
            throw new SerializationException("The sealed value at " + pointer + " (subject " + Limits.shown(subject)
                    + ") does not open with its key: it was changed, or moved from another field or subject", e);
        } catch (IOException e) {
            throw new SerializationException("The sealed value at " + pointer + " opened to malformed JSON: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform", e);
        }
    }

    private static byte[] encrypt(SubjectKey key, String subject, String pointer, byte[] plaintext, @Nullable UUID eventId) {
        byte[] sealed = new byte[SubjectKey.ID_BYTES + NONCE_BYTES + plaintext.length + TAG_BYTES];
        System.arraycopy(key.id(), 0, sealed, 0, SubjectKey.ID_BYTES);
        try {
            if (eventId == null) {
                byte[] nonce = new byte[NONCE_BYTES];
                RANDOM.nextBytes(nonce);
                System.arraycopy(nonce, 0, sealed, SubjectKey.ID_BYTES, NONCE_BYTES);
            } else {
                System.arraycopy(syntheticNonce(key, eventId, pointer, plaintext), 0, sealed, SubjectKey.ID_BYTES, NONCE_BYTES);
            }
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, subject, pointer, sealed, SubjectKey.ID_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, SubjectKey.ID_BYTES + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by the Java platform", e);
        }
    }

    private static byte[] syntheticNonce(SubjectKey key, UUID eventId, String pointer, byte[] plaintext)
            throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key.nonceKey());
        mac.update(ByteBuffer.allocate(16).putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits())
                .array());
        mac.update(pointer.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return java.util.Arrays.copyOf(mac.doFinal(plaintext), NONCE_BYTES);
    }

    private static Cipher cipher(int mode, SubjectKey key, String subject, String pointer, byte[] nonceIn, int nonceOffset)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.aes(), new GCMParameterSpec(TAG_BYTES * 8, nonceIn, nonceOffset, NONCE_BYTES));
        cipher.updateAAD(CONTEXT);
        cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        cipher.updateAAD(new byte[] {0});
        cipher.updateAAD(pointer.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String subject(ObjectNode root, PersonalFields fields, String stream) {
        String property = fields.subjectProperty();
        if (property == null) {
            return stream;
        }
        JsonNode value = root.get(property);
        if (value == null || value.isNull()) {
            throw new InvalidArgumentException("the @DataSubject " + property + " is null; personal data needs a subject");
        }
        InvalidArgumentException.require(value.isValueNode(), () -> "the @DataSubject " + property
                + " must be a plain value (a string, a number, a UUID), not " + value.getNodeType());
        return Limits.checkStreamName(value.asText(), "data subject");
    }

    private static @Nullable ObjectNode parent(ObjectNode root, List<String> path) {
        JsonNode node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            node = node.get(path.get(i));
            if (node == null || !node.isObject()) {
                return null;
            }
        }
        return (ObjectNode) node;
    }

    private static byte[] json(ObjectMapper mapper, JsonNode value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("Cannot write a personal value as JSON: " + e.getMessage(), e);
        }
    }

    private static String pointer(List<String> path) {
        StringBuilder pointer = new StringBuilder();
        for (String name : path) {
            pointer.append('/').append(escape(name));
        }
        return pointer.toString();
    }

    /** JSON pointer escaping (RFC 6901). */
    private static String escape(String name) {
        return name.indexOf('~') < 0 && name.indexOf('/') < 0 ? name : name.replace("~", "~0").replace("/", "~1");
    }
}
