package dev.annals.spi.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.SerializationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What Annals itself stores with an event beside the user's metadata: today the W3C {@code traceparent}
 * of the append that wrote it. It lives in the event's metadata bytes, as the member {@value #KEY} of the
 * metadata's JSON object ({@code {"actor":"alice","$system":{"traceparent":"00-…"}}}), so every backend
 * keeps it without a column of its own and a copy of the bytes keeps it too. The typed API reads metadata
 * into {@link dev.annals.Metadata} without it.
 *
 * <p><b>It takes no part in the retry decision:</b> two appends of the same events are the same append
 * whatever trace they ran in. {@link #sameUserMetadata} is the comparison {@link AppendDecision} makes.
 *
 * <p>Stateless and thread-safe.
 */
public final class SystemMetadata {

    /** The member of the metadata object that holds the system metadata; no user metadata may use it. */
    public static final String KEY = "$system";

    /** The system key of the W3C trace context of the append that wrote an event. */
    public static final String TRACEPARENT = "traceparent";

    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SystemMetadata() {
    }

    /**
     * {@code metadata} (JSON bytes of an object, or none) with {@code key} set to {@code value} in its system part.
     *
     * @throws SerializationException when {@code metadata} is not a JSON object
     */
    public static byte[] with(byte[] metadata, String key, String value) {
        ObjectNode object = metadata.length == 0 ? MAPPER.createObjectNode() : object(metadata)
                .orElseThrow(() -> new SerializationException("Metadata is not a JSON object; system metadata cannot be added", null));
        JsonNode system = object.get(KEY);
        (system instanceof ObjectNode existing ? existing : object.putObject(KEY)).put(key, value);
        try {
            return MAPPER.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write metadata: " + e.getMessage(), e);
        }
    }

    /** The value of {@code key} in the system part of {@code metadata}; empty when there is none or the bytes are no JSON object. */
    public static Optional<String> get(byte[] metadata, String key) {
        if (metadata.length == 0 || !mayHoldSystemPart(metadata)) {
            return Optional.empty();
        }
        return object(metadata).map(o -> o.get(KEY)).map(s -> s.get(key)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /**
     * Whether two metadata byte arrays hold the same user metadata, whatever their system parts: equal bytes,
     * or JSON objects that are equal once the {@value #KEY} member is removed from both (an absent or empty
     * metadata is an empty object). Metadata without a system part on either side must be equal byte for byte.
     */
    public static boolean sameUserMetadata(byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) {
            return true;
        }
        if (!mayHoldSystemPart(a) && !mayHoldSystemPart(b)) {
            return false;
        }
        Optional<ObjectNode> left = a.length == 0 ? Optional.of(MAPPER.createObjectNode()) : object(a);
        Optional<ObjectNode> right = b.length == 0 ? Optional.of(MAPPER.createObjectNode()) : object(b);
        if (left.isEmpty() || right.isEmpty() || (!left.get().has(KEY) && !right.get().has(KEY))) {
            return false;
        }
        left.get().remove(KEY);
        right.get().remove(KEY);
        return left.get().equals(right.get());
    }

    /** A cheap pre-check: the key's bytes occur in the metadata. */
    private static boolean mayHoldSystemPart(byte[] metadata) {
        outer:
        for (int i = 0; i + KEY_BYTES.length <= metadata.length; i++) {
            for (int j = 0; j < KEY_BYTES.length; j++) {
                if (metadata[i + j] != KEY_BYTES[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<ObjectNode> object(byte[] metadata) {
        try {
            return MAPPER.readTree(metadata) instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
