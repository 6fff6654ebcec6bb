package dev.annals.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.annals.serialization.JsonCodec;
import java.io.PrintWriter;

/** JSON output for {@code --json}. */
final class Json {

    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
