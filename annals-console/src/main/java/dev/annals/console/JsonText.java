package dev.annals.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON as the pages show it: indented, and cut at a bound so that a page never holds more than it can show. */
final class JsonText {

    /** The most characters of one payload, metadata or state a page shows; the rest is a download. */
    static final int SHOWN_CHARS = 16 * 1024;

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The text shown and whether it was cut. */
    record Shown(String text, boolean truncated, int fullChars) {
    }

    private JsonText() {
    }

    static Shown pretty(JsonNode node) {
        return cut(write(PRETTY, node), SHOWN_CHARS);
    }

    static Shown compact(JsonNode node, int maxChars) {
        return cut(write(MAPPER, node), maxChars);
    }

    static String compact(Object value) {
        return write(MAPPER, value);
    }

    private static Shown cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return new Shown(text, false, text.length());
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return new Shown(text.substring(0, end) + "…", true, text.length());
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
